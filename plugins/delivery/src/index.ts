/**
 * Releases on entity pages: Argo Rollouts progress, canary health, actions
 * (promote, promote fully, abort, retry, roll back) and release history.
 *
 * The new frontend system's plugin is the default export of `/alpha`.
 *
 * @packageDocumentation
 */

export {
  deliveryPlugin,
  EntityDeliveryContent,
  DeliveryReleasesPage,
  EntityCicdOverviewCard,
} from './plugin';
export { deliveryApiRef } from './api/DeliveryApi';
export type { DeliveryApi, RolloutRef } from './api/DeliveryApi';
export { DeliveryClient } from './api/DeliveryClient';
export { isDeliveryAvailable } from '@internal/plugin-delivery-common';
