import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { deliveryApiRef } from './api/DeliveryApi';
import { DeliveryClient } from './api/DeliveryClient';
import { entityDeliveryRouteRef, releasesRouteRef } from './routes';

/**
 * The delivery plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const deliveryPlugin = createPlugin({
  id: 'delivery',
  apis: [
    createApiFactory({
      api: deliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new DeliveryClient(deps),
    }),
  ],
  routes: { releases: releasesRouteRef, entityContent: entityDeliveryRouteRef },
});

/**
 * The Delivery tab for an entity page (`<EntityLayout.Route path="/delivery">`).
 *
 * @public
 */
export const EntityDeliveryContent = deliveryPlugin.provide(
  createRoutableExtension({
    name: 'EntityDeliveryContent',
    component: () =>
      import('./components/EntityDeliveryContent/EntityDeliveryContent').then(
        m => m.EntityDeliveryContent,
      ),
    mountPoint: entityDeliveryRouteRef,
  }),
);

/**
 * The Releases page: every rollout in flight across the catalog.
 *
 * @public
 */
export const DeliveryReleasesPage = deliveryPlugin.provide(
  createRoutableExtension({
    name: 'DeliveryReleasesPage',
    component: () =>
      import('./components/ReleasesPage/ReleasesPage').then(
        m => m.ReleasesPage,
      ),
    mountPoint: releasesRouteRef,
  }),
);

/**
 * An overview card with the entity's latest pipeline run and what is
 * deployed in each environment.
 *
 * @public
 */
export const EntityCicdOverviewCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityCicdOverviewCard',
    component: {
      lazy: () =>
        import('./components/Cicd/EntityCicdOverviewCard').then(
          m => m.EntityCicdOverviewCard,
        ),
    },
  }),
);
