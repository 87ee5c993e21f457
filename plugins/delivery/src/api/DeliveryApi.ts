import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
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

/**
 * Identifies one rollout of an entity.
 *
 * @public
 */
export interface RolloutRef {
  entity: CompoundEntityRef;
  cluster: string;
  namespace: string;
  name: string;
}

/**
 * The delivery backend, as the frontend sees it.
 *
 * @public
 */
export interface DeliveryApi {
  getEntityRollouts(entity: CompoundEntityRef): Promise<EntityRolloutsResponse>;
  performAction(options: {
    rollout: RolloutRef;
    request: ActionRequest;
    /** Makes a retried request answer with the first result. */
    idempotencyKey: string;
  }): Promise<ActionResponse>;
  getHistory(options: {
    entityRef?: string;
    limit?: number;
    cursor?: string;
  }): Promise<ReleaseHistoryPage>;
  getReleasesInFlight(options?: {
    owner?: string;
    phase?: RolloutPhase;
  }): Promise<ReleasesInFlightResponse>;
  /** Latest pipeline runs, and what is deployed where. */
  getCicdSummary(entity: CompoundEntityRef): Promise<CicdSummaryResponse>;
  /** CI/CD events and people's actions, newest first. */
  getCicdTimeline(
    entity: CompoundEntityRef,
    options?: { limit?: number },
  ): Promise<TimelinePage>;
  /** DORA figures over the last `days`, beside the window before. */
  getDora(
    entity: CompoundEntityRef,
    options?: { days?: number },
  ): Promise<DoraComparison>;
  /**
   * The verdict on a rollout's canary (or preview) revision from its metrics.
   * Optional: a host whose client lacks it shows no release health.
   */
  getReleaseHealth?(rollout: RolloutRef): Promise<ReleaseHealth>;
  /** Starts the failed jobs of a run again (owners and release managers). */
  rerunPipelineRun(options: {
    entity: CompoundEntityRef;
    provider: string;
    runId: string;
  }): Promise<void>;
}

/** @public */
export const deliveryApiRef = createApiRef<DeliveryApi>({
  id: 'plugin.delivery.service',
});
