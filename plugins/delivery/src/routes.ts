import { createRouteRef } from '@backstage/core-plugin-api';

/** @public */
export const releasesRouteRef = createRouteRef({ id: 'delivery:releases' });
