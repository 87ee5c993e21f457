import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isDeliveryAvailable } from '@internal/plugin-delivery-common';
import RocketIcon from '@material-ui/icons/FlightTakeoff';
import { deliveryApiRef } from './api/DeliveryApi';
import { DeliveryClient } from './api/DeliveryClient';
import { releasesRouteRef } from './routes';

/** @alpha */
export const deliveryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new DeliveryClient(deps),
    }),
});

/** @alpha */
export const entityDeliveryContent = EntityContentBlueprint.make({
  name: 'delivery',
  params: {
    path: '/delivery',
    title: 'Delivery',
    // A tab of its own, not inside the "Deployment" menu.
    filter: isDeliveryAvailable,
    loader: () =>
      import('./components/EntityDeliveryContent/EntityDeliveryContent').then(
        m => <m.EntityDeliveryContent />,
      ),
  },
});

/** @alpha */
export const entityCicdOverviewCard = EntityCardBlueprint.make({
  name: 'cicd',
  params: {
    type: 'info',
    filter: isDeliveryAvailable,
    loader: () =>
      import('./components/Cicd/EntityCicdOverviewCard').then(m => (
        <m.EntityCicdOverviewCard />
      )),
  },
});

/** @alpha */
export const entityReleaseStatusCard = EntityCardBlueprint.make({
  name: 'release-status',
  params: {
    type: 'info',
    filter: isDeliveryAvailable,
    loader: () =>
      import('./components/RolloutCard/EntityReleaseStatusCard').then(m => (
        <m.EntityReleaseStatusCard />
      )),
  },
});

/** @alpha */
export const releasesPage = PageBlueprint.make({
  params: {
    path: '/releases',
    title: 'Releases',
    icon: <RocketIcon />,
    routeRef: releasesRouteRef,
    loader: () =>
      import('./components/ReleasesPage/ReleasesContent').then(m => (
        <Content>
          <m.ReleasesContent />
        </Content>
      )),
  },
});

/**
 * The delivery plugin for the new frontend system: the Delivery entity tab,
 * the Releases page and the API client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'delivery',
  extensions: [
    deliveryApi,
    entityDeliveryContent,
    entityCicdOverviewCard,
    entityReleaseStatusCard,
    releasesPage,
  ],
  routes: { releases: releasesRouteRef },
});
