import { createRouteRef } from '@backstage/core-plugin-api';

/** @public */
export const releasesRouteRef = createRouteRef({ id: 'delivery:releases' });

/** @public */
export const entityDeliveryRouteRef = createRouteRef({
  id: 'delivery:entity-content',
});
