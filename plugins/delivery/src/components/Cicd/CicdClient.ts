import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CicdSummaryResponse,
  DoraComparison,
  TimelinePage,
} from '@internal/plugin-delivery-common';

const enc = encodeURIComponent;

/** The CI/CD endpoints of the delivery backend. */
export class CicdClient {
  constructor(
    private readonly discoveryApi: DiscoveryApi,
    private readonly fetchApi: FetchApi,
  ) {}

  getSummary(entity: CompoundEntityRef): Promise<CicdSummaryResponse> {
    return this.request(path(entity));
  }

  getTimeline(entity: CompoundEntityRef, limit = 30): Promise<TimelinePage> {
    return this.request(`${path(entity)}/timeline?limit=${limit}`);
  }

  getDora(entity: CompoundEntityRef, days = 30): Promise<DoraComparison> {
    return this.request(`${path(entity)}/dora?days=${days}`);
  }

  async rerun(
    entity: CompoundEntityRef,
    provider: string,
    runId: string,
  ): Promise<void> {
    await this.request(
      `${path(entity)}/runs/${enc(provider)}/${enc(runId)}/rerun`,
      { method: 'POST' },
    );
  }

  private async request<T>(p: string, init?: RequestInit): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('delivery');
    const response = await this.fetchApi.fetch(`${base}/${p}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function path(entity: CompoundEntityRef) {
  return `entities/${enc(entity.kind)}/${enc(entity.namespace)}/${enc(
    entity.name,
  )}/cicd`;
}
