import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ActionRequest,
  ActionResponse,
  EntityRolloutsResponse,
  ReleaseHistoryPage,
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
}

/** @public */
export const deliveryApiRef = createApiRef<DeliveryApi>({
  id: 'plugin.delivery.service',
});
