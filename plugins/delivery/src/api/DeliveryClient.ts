import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CicdSummaryResponse,
  DoraComparison,
  TimelinePage,
  ActionRequest,
  ActionResponse,
  EntityRolloutsResponse,
  ReleaseHistoryPage,
  ReleaseHealth,
  ReleasesInFlightResponse,
  RolloutPhase,
} from '@internal/plugin-delivery-common';
import { CicdClient } from '../components/Cicd/CicdClient';
import { DeliveryApi, RolloutRef } from './DeliveryApi';

const enc = encodeURIComponent;

function entityPath(entity: CompoundEntityRef) {
  return `entities/${enc(entity.kind)}/${enc(entity.namespace)}/${enc(
    entity.name,
  )}`;
}

/**
 * Talks to the delivery backend over HTTP.
 *
 * @public
 */
export class DeliveryClient implements DeliveryApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly cicd: CicdClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.cicd = new CicdClient(options.discoveryApi, options.fetchApi);
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityRollouts(
    entity: CompoundEntityRef,
  ): Promise<EntityRolloutsResponse> {
    return this.request(`${entityPath(entity)}/rollouts`);
  }

  async performAction(options: {
    rollout: RolloutRef;
    request: ActionRequest;
    idempotencyKey: string;
  }): Promise<ActionResponse> {
    const { rollout, request, idempotencyKey } = options;
    return this.request(
      `${entityPath(rollout.entity)}/rollouts/${enc(rollout.cluster)}/${enc(
        rollout.namespace,
      )}/${enc(rollout.name)}/actions`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': idempotencyKey,
        },
        body: JSON.stringify(request),
      },
    );
  }

  async getHistory(options: {
    entityRef?: string;
    limit?: number;
    cursor?: string;
  }): Promise<ReleaseHistoryPage> {
    const query = new URLSearchParams();
    if (options.entityRef) query.set('entityRef', options.entityRef);
    if (options.limit) query.set('limit', String(options.limit));
    if (options.cursor) query.set('cursor', options.cursor);
    return this.request(`history?${query}`);
  }

  async getReleasesInFlight(
    options: { owner?: string; phase?: RolloutPhase } = {},
  ): Promise<ReleasesInFlightResponse> {
    const query = new URLSearchParams();
    if (options.owner) query.set('owner', options.owner);
    if (options.phase) query.set('phase', options.phase);
    return this.request(`releases?${query}`);
  }

  getCicdSummary(entity: CompoundEntityRef): Promise<CicdSummaryResponse> {
    return this.cicd.getSummary(entity);
  }

  getCicdTimeline(
    entity: CompoundEntityRef,
    options: { limit?: number } = {},
  ): Promise<TimelinePage> {
    return this.cicd.getTimeline(entity, options.limit);
  }

  getReleaseHealth(rollout: RolloutRef): Promise<ReleaseHealth> {
    return this.request(
      `${entityPath(rollout.entity)}/rollouts/${enc(rollout.cluster)}/${enc(
        rollout.namespace,
      )}/${enc(rollout.name)}/health`,
    );
  }

  getDora(
    entity: CompoundEntityRef,
    options: { days?: number } = {},
  ): Promise<DoraComparison> {
    return this.cicd.getDora(entity, options.days);
  }

  rerunPipelineRun(options: {
    entity: CompoundEntityRef;
    provider: string;
    runId: string;
  }): Promise<void> {
    return this.cicd.rerun(options.entity, options.provider, options.runId);
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('delivery');
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
