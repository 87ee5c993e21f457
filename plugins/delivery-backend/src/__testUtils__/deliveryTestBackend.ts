import {
  AuditorServiceCreateEventOptions,
  BackendFeature,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityPermissionResourceRef } from '@backstage/plugin-catalog-node/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { JsonObject } from '@backstage/types';
import portalPolicyModule from '@internal/plugin-permission-backend-module-portal-policy';
import { Knex } from 'knex';
import { Server } from 'node:http';
import { deliveryPlugin } from '../plugin';
import { catalogEntities } from './catalogEntities';
import { validatedAgainstSpec } from './validatedAgainstSpec';

/** People in catalog/org.yaml and the groups they belong to. */
export const USERS = {
  /** team-checkout: owns cart-api, orders-api, payments-api */
  checkout: 'user:default/ben.okafor',
  /** team-storefront: owns storefront-web, product-catalog, search-api */
  storefront: 'user:default/ana.silva',
  /** team-fulfilment: owns inventory-api, shipping-api */
  fulfilment: 'user:default/chen.li',
  /** release-managers: may act on every service */
  releaseManager: 'user:default/dora.nagy',
} as const;

const GROUPS: Record<string, string[]> = {
  [USERS.checkout]: ['group:default/team-checkout'],
  [USERS.storefront]: ['group:default/team-storefront'],
  [USERS.fulfilment]: ['group:default/team-fulfilment'],
  [USERS.releaseManager]: ['group:default/release-managers'],
};

/**
 * Stands in for the catalog backend where permissions are concerned: it
 * evaluates conditional decisions on entities with the catalog's own rules.
 */
function catalogPermissionsPlugin(entities: Entity[]) {
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  return createBackendPlugin({
    pluginId: 'catalog',
    register(env) {
      env.registerInit({
        deps: { permissionsRegistry: coreServices.permissionsRegistry },
        async init({ permissionsRegistry }) {
          permissionsRegistry.addResourceType({
            resourceRef: catalogEntityPermissionResourceRef,
            rules: Object.values(permissionRules),
            getResources: async refs => refs.map(ref => byRef.get(ref)),
          });
        },
      });
    },
  });
}

/**
 * The mock auth service, except that a token a plugin gets on behalf of a
 * user names that plugin as the actor, as real Backstage tokens do: the
 * permission integration endpoint (apply-conditions) refuses user calls
 * without one.
 */
const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    const issue = auth.getPluginRequestToken.bind(auth);
    auth.getPluginRequestToken = async options => {
      const principal = options.onBehalfOf.principal as {
        type: string;
        userEntityRef?: string;
      };
      if (principal.type !== 'user' || !principal.userEntityRef) {
        return issue(options);
      }
      return {
        token: mockCredentials.user.token(principal.userEntityRef, {
          actor: { subject: `plugin:${plugin.getId()}` },
        }),
      };
    };
    return auth;
  },
});

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const principal = credentials.principal as { userEntityRef: string };
      return {
        userEntityRef: principal.userEntityRef,
        ownershipEntityRefs: [
          principal.userEntityRef,
          ...(GROUPS[principal.userEntityRef] ?? []),
        ],
      };
    },
  }),
});

export interface AuditedEvent {
  options: AuditorServiceCreateEventOptions;
  success: jest.Mock;
  fail: jest.Mock;
}

/** An auditor whose events can be inspected, for every plugin. */
export function auditorSpy() {
  const events: AuditedEvent[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async options => {
      const event = {
        options,
        success: jest.fn(async () => {}),
        fail: jest.fn(async () => {}),
      };
      events.push(event);
      return event;
    }),
  });
  return { auditor, events };
}

export interface TestCluster {
  url: string;
  token: string;
}

export interface DeliveryTestBackend {
  server: Server;
  /** The backend itself, for requests the validating proxy cannot read. */
  unvalidatedServer: Server;
  stop(): Promise<void>;
  /** Every auditor event of every plugin, in order. */
  auditEvents: AuditedEvent[];
}

/**
 * A backend with the delivery plugin, the real permission backend with the
 * portal's policy, a catalog holding the sandbox's services and the
 * given clusters.
 */
export async function startDeliveryTestBackend(options: {
  knex: Knex;
  clusters: Record<string, TestCluster>;
  entities?: Entity[];
  config?: JsonObject;
  /** More features or service factories, such as a notifications recorder. */
  features?: BackendFeature[];
  /**
   * Whether requests and responses go through the spec-checking proxy
   * (default). Tests sending crowds of requests at once skip it: its
   * passthrough answers some of them 500 when they arrive together.
   */
  checkAgainstSpec?: boolean;
}): Promise<DeliveryTestBackend> {
  const entities = options.entities ?? catalogEntities();
  const spy = auditorSpy();
  const backend = await startTestBackend({
    features: [
      deliveryPlugin,
      permissionPlugin,
      // The portal's real policy: owners and release managers may act.
      portalPolicyModule,
      catalogPermissionsPlugin(entities),
      catalogServiceMock.factory({ entities }),
      authFactory,
      userInfoFactory,
      spy.auditor.factory,
      mockServices.database.factory({ knex: options.knex }),
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: Object.entries(options.clusters).map(
                  ([name, cluster]) => ({
                    name,
                    url: cluster.url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: cluster.token,
                  }),
                ),
              },
            ],
          },
          ...options.config,
        },
      }),
    ],
  });
  return {
    server:
      options.checkAgainstSpec === false
        ? backend.server
        : await validatedAgainstSpec(backend.server),
    // CloudEvents bodies (application/cloudevents+json and batches) are
    // past what the spec-validating proxy reads, which is JSON alone.
    unvalidatedServer: backend.server,
    stop: () => backend.stop(),
    auditEvents: spy.events,
  };
}
