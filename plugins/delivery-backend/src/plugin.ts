import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { durationToMilliseconds } from '@backstage/types';
import { deliveryPermissions } from '@internal/plugin-delivery-common';
import {
  CanaryMetricProvider,
  CicdProvider,
  deliveryCanaryMetricsExtensionPoint,
  deliveryCicdProvidersExtensionPoint,
} from '@internal/plugin-delivery-node';
import { releaseManagersServiceRef } from '@internal/plugin-permission-backend-module-portal-policy';
import { ActionAvailabilityService } from './actions/ActionAvailabilityService';
import { readCanarySettings } from './canary/health/canarySettings';
import { createReleaseHealthRouter } from './canary/health/releaseHealthRouter';
import { ReleaseHealthService } from './canary/health/ReleaseHealthService';
import { ReleaseHealthVerdicts } from './canary/health/ReleaseHealthVerdicts';
import { PrometheusCanaryMetrics } from './canary/prometheus/PrometheusCanaryMetrics';
import { createCicdRouter } from './cicd/createCicdRouter';
import { CicdEventStore } from './cicd/store/CicdEventStore';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import { createReleaseGate } from './gate/createReleaseGate';
import { createGateRouter } from './gate/gateRouter';
import { RolloutChangeSignals } from './clusters/RolloutChangeSignals';
import { RolloutInformerCache } from './clusters/RolloutInformerCache';
import { RolloutOwnership } from './entities/RolloutOwnership';
import { ReleaseHistoryStore } from './history/ReleaseHistoryStore';
import { RolloutActionClaims } from './history/RolloutActionClaims';
import { createRouter } from './service/createRouter';
import { EntityRolloutsResponseCache } from './service/EntityRolloutsResponseCache';
import { ReleaseHistoryService } from './service/ReleaseHistoryService';
import { ReleasesInFlightService } from './service/ReleasesInFlightService';
import { RolloutActionService } from './service/RolloutActionService';
import { startActionSettling } from './service/actionSettling';
import { RolloutStatusService } from './service/RolloutStatusService';

const DEFAULT_CLUSTER_REQUEST_TIMEOUT_MS = 10_000;

/**
 * The delivery backend plugin: Argo Rollouts state of catalog entities and
 * the actions people take on it.
 *
 * @public
 */
export const deliveryPlugin = createBackendPlugin({
  pluginId: 'delivery',
  register(env) {
    const cicdProviders: CicdProvider[] = [];
    env.registerExtensionPoint(deliveryCicdProvidersExtensionPoint, {
      addCicdProvider(...providers) {
        cicdProviders.push(...providers);
      },
    });
    const canaryProviders: CanaryMetricProvider[] = [];
    env.registerExtensionPoint(deliveryCanaryMetricsExtensionPoint, {
      addCanaryMetricProvider(...providers) {
        canaryProviders.push(...providers);
      },
    });
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        signals: signalsServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
        releaseManagers: releaseManagersServiceRef,
      },
      async init({
        httpRouter,
        logger,
        lifecycle,
        signals,
        config,
        database,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        auth,
        catalog,
        urlReader,
        scheduler,
        notifications,
        releaseManagers,
      }) {
        permissionsRegistry.addPermissions(deliveryPermissions);

        const timeoutMs = config.has('delivery.clusterRequestTimeout')
          ? durationToMilliseconds(
              readDurationFromConfig(config, {
                key: 'delivery.clusterRequestTimeout',
              }),
            )
          : DEFAULT_CLUSTER_REQUEST_TIMEOUT_MS;
        const clusters = ClusterRegistry.fromConfig(config, {
          logger,
          timeoutMs,
        });
        if (clusters.names().length === 0) {
          logger.warn(
            'No clusters configured under kubernetes.clusterLocatorMethods; the delivery plugin shows no rollouts',
          );
        }
        const cache = new RolloutInformerCache({
          clusters,
          logger,
          timings: { firstSyncTimeoutMs: timeoutMs },
        });
        const changeSignals = new RolloutChangeSignals({ signals, logger });
        changeSignals.start(cache);
        cache.start();
        lifecycle.addShutdownHook(async () => {
          changeSignals.stop();
          await cache.stop();
        });
        const entityRollouts = new EntityRolloutsResponseCache();
        cache.onChange(() => entityRollouts.invalidate());
        // Before every router, so that it sees each write (an action, an
        // approval, a CI/CD event a gate check reads) finish.
        httpRouter.use(entityRollouts.invalidateOnWrites());
        const history = await ReleaseHistoryStore.create({ database });
        const settling = await startActionSettling({
          config,
          clusters,
          history,
          scheduler,
          lifecycle,
          logger,
        });
        const canary = readCanarySettings(config);
        const releaseHealth = new ReleaseHealthService({
          catalog,
          clusters,
          // The configured Prometheus first, then those modules add.
          providers: [
            new PrometheusCanaryMetrics({ targets: canary.prometheus }),
            ...canaryProviders,
          ],
          stepSeconds: canary.stepSeconds,
        });
        const { gate, waiting } = await createReleaseGate({
          config,
          database,
          urlReader,
          permissions,
          catalog,
          clusters,
          history,
          verdicts: new ReleaseHealthVerdicts({
            clusters,
            health: releaseHealth,
          }),
          auth,
          logger,
          scheduler,
          notifications,
          releaseManagers: releaseManagers.groups(),
        });

        // Before the OpenAPI router: CDEvents arrive in CloudEvents' binary
        // and structured modes, which one request schema cannot describe.
        httpRouter.use(
          await createCicdRouter({
            config,
            logger,
            auth,
            httpAuth,
            auditor,
            permissions,
            catalog,
            history,
            store: await CicdEventStore.create({ database }),
            providers: cicdProviders,
            clusters,
            gate,
          }),
        );

        const ownership = new RolloutOwnership({ catalog, auth });
        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            entityRollouts,
            history: new ReleaseHistoryService({ history, catalog }),
            status: new RolloutStatusService({
              catalog,
              clusters,
              cache,
              logger,
              availability: new ActionAvailabilityService({
                permissions,
                catalog,
                ownership,
                gate,
              }),
            }),
            actions: new RolloutActionService({
              catalog,
              clusters,
              permissions,
              history,
              claims: new RolloutActionClaims(await database.getClient(), {
                staleAfterMs: settling.claimExpiryMs,
              }),
              reconciler: settling.reconciler,
              ownership,
              gate,
            }),
            releases: new ReleasesInFlightService({ catalog, clusters, cache }),
          }),
        );
        httpRouter.use(
          await createGateRouter({ httpAuth, auditor, gate, waiting }),
        );
        httpRouter.use(
          await createReleaseHealthRouter({ httpAuth, health: releaseHealth }),
        );
      },
    });
  },
});
