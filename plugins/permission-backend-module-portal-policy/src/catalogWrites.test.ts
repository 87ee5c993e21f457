import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import portalPolicyModule from './index';

jest.setTimeout(60_000);

const postgres = process.env.PORTAL_TEST_POSTGRES_ID as TestDatabaseId;
if (!postgres) {
  throw new Error(
    'PORTAL_TEST_POSTGRES_ID is not set: source scripts/system-deps.sh and run ensure_postgres',
  );
}
const databases = TestDatabases.create({ ids: [postgres] });

const GROUPS: Record<string, string[]> = {
  'user:default/ben.okafor': ['group:default/team-checkout'],
  'user:default/pia.platform': ['group:default/platform'],
};

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(GROUPS[userEntityRef] ?? [])],
      };
    },
  }),
});

/**
 * The real catalog and permission backends with the portal's policy: what a
 * person sees when registering a catalog-info.yaml.
 */
describe('catalog writes under the portal policy', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        portalPolicyModule,
        userInfoFactory,
        mockServices.database.factory({
          knex: await databases.init(postgres),
        }),
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop?.();
  });

  const register = (user: string, target: string) =>
    request(server)
      .post('/api/catalog/locations')
      .set('Authorization', mockCredentials.user.header(user))
      .send({ type: 'url', target });

  it('refuses a location registered by someone outside the platform team', async () => {
    const res = await register(
      'user:default/ben.okafor',
      'https://git.acme.example/checkout/cart-api/blob/main/catalog-info.yaml',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');

    const locations = await request(server)
      .get('/api/catalog/locations')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/ben.okafor'),
      );
    expect(locations.status).toBe(200);
    expect(locations.body.map((l: any) => l.data.target)).not.toContain(
      'https://git.acme.example/checkout/cart-api/blob/main/catalog-info.yaml',
    );
  });

  it('lets the platform team register a location', async () => {
    const res = await register(
      'user:default/pia.platform',
      'https://git.acme.example/platform/portal/blob/main/catalog-info.yaml',
    );
    expect(res.status).toBe(201);
    expect(res.body.location.target).toBe(
      'https://git.acme.example/platform/portal/blob/main/catalog-info.yaml',
    );
  });

  it('lets the scaffolder register a location as itself, as the golden paths do', async () => {
    const res = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', mockCredentials.service.header())
      .send({
        type: 'url',
        target:
          'https://git.acme.example/checkout/new-service/blob/main/catalog-info.yaml',
      });
    expect(res.status).toBe(201);
  });
});
