import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  GateDecisionRequest,
  GateDecisionResponse,
  GateState,
  WaitingReleasesResponse,
} from '@internal/plugin-delivery-common';
import { RolloutRef } from '../../api/DeliveryApi';

const enc = encodeURIComponent;

function gatePath(rollout: RolloutRef) {
  const { entity } = rollout;
  return `entities/${enc(entity.kind)}/${enc(entity.namespace)}/${enc(
    entity.name,
  )}/rollouts/${enc(rollout.cluster)}/${enc(rollout.namespace)}/${enc(
    rollout.name,
  )}/gate`;
}

/** The gate endpoints of the delivery backend. */
export class GateClient {
  constructor(
    private readonly discoveryApi: DiscoveryApi,
    private readonly fetchApi: FetchApi,
  ) {}

  getGate(rollout: RolloutRef): Promise<GateState> {
    return this.request(gatePath(rollout));
  }

  decide(
    rollout: RolloutRef,
    request: GateDecisionRequest,
  ): Promise<GateDecisionResponse> {
    return this.request(`${gatePath(rollout)}/decisions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  getWaiting(): Promise<WaitingReleasesResponse> {
    return this.request('gate/waiting');
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('delivery');
    const response = await this.fetchApi.fetch(`${base}/${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
