import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { DeliveryAction } from './types';

/**
 * Promote a paused rollout by one step, or fully.
 *
 * @public
 */
export const deliveryRolloutPromotePermission = createPermission({
  name: 'delivery.rollout.promote',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Abort a rollout in progress, sending all traffic back to the stable revision.
 *
 * @public
 */
export const deliveryRolloutAbortPermission = createPermission({
  name: 'delivery.rollout.abort',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Retry an aborted rollout.
 *
 * @public
 */
export const deliveryRolloutRetryPermission = createPermission({
  name: 'delivery.rollout.retry',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Roll a rollout back to an earlier revision.
 *
 * @public
 */
export const deliveryRolloutRollbackPermission = createPermission({
  name: 'delivery.rollout.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Re-run a failed CI/CD pipeline run of the entity.
 *
 * @public
 */
export const deliveryCicdRerunPermission = createPermission({
  name: 'delivery.cicd.rerun',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve or refuse a release waiting at the release manager's gate, or
 * override one of its failed checks with a reason.
 *
 * @public
 */
export const deliveryReleaseApprovePermission = createPermission({
  name: 'delivery.release.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission of the delivery plugins.
 *
 * @public
 */
export const deliveryPermissions = [
  deliveryRolloutPromotePermission,
  deliveryRolloutAbortPermission,
  deliveryRolloutRetryPermission,
  deliveryRolloutRollbackPermission,
  deliveryCicdRerunPermission,
  deliveryReleaseApprovePermission,
];

/**
 * The permission an action needs.
 *
 * @public
 */
export function permissionForAction(action: DeliveryAction) {
  switch (action) {
    case 'promote':
    case 'promoteFull':
      return deliveryRolloutPromotePermission;
    case 'abort':
      return deliveryRolloutAbortPermission;
    case 'retry':
      return deliveryRolloutRetryPermission;
    case 'rollback':
      return deliveryRolloutRollbackPermission;
    default:
      throw new Error(`Unknown delivery action ${action satisfies never}`);
  }
}
