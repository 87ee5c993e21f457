import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { DEMO_SERVICES, exampleCdEventHistory } from '@internal/sandbox';
import request from 'supertest';
import {
  DeliveryTestBackend,
  USERS,
  startDeliveryTestBackend,
} from '../__testUtils__/deliveryTestBackend';
import { catalogEntities } from '../__testUtils__/catalogEntities';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const GIT = 'http://localhost:7030';

/** The example services, annotated as catalog/services.yaml annotates them. */
function annotated(): Entity[] {
  return catalogEntities().map(entity => ({
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        'platform-portal/cdevents-source': `${GIT}/acme/${entity.metadata.name}`,
      },
    },
  }));
}

describe.each(databases.ids)('the sandbox CI history on %s', databaseId => {
  let backend: DeliveryTestBackend;
  afterEach(() => backend?.stop());

  it('is accepted whole, once, and shows runs, deployments and the incident', async () => {
    backend = await startDeliveryTestBackend({
      knex: await databases.init(databaseId),
      clusters: {},
      entities: annotated(),
    });
    const history = exampleCdEventHistory({
      services: DEMO_SERVICES,
      gitHostUrl: GIT,
      now: Date.now(),
    });
    const send = () =>
      request(backend.unvalidatedServer)
        .post('/api/delivery/cdevents')
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/cloudevents-batch+json')
        .send(JSON.stringify(history));
    const first = await send();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      received: history.length,
      stored: history.length,
      unmatched: 0,
    });
    // A sandbox restart sends it again: nothing new.
    expect((await send()).body).toMatchObject({ stored: 0 });

    const get = (path: string) =>
      request(backend.server)
        .get(`/api/delivery/entities/component/default/cart-api/cicd${path}`)
        .set('Authorization', mockCredentials.user.header(USERS.checkout));
    const summary = await get('');
    expect(summary.status).toBe(200);
    expect(summary.body.recentRuns).toHaveLength(6);
    expect(
      summary.body.recentRuns[0].stages.map((s: { name: string }) => s.name),
    ).toEqual([
      'checkout',
      'build',
      'render',
      'deploy-staging',
      'deploy-production',
    ]);
    expect(
      summary.body.deployedByEnvironment.map(
        (d: { environment: string }) => d.environment,
      ),
    ).toEqual(['staging', 'production']);
    const statuses = new Set(
      (
        await request(backend.server)
          .get('/api/delivery/entities/component/default/orders-api/cicd')
          .set('Authorization', mockCredentials.user.header(USERS.checkout))
      ).body.recentRuns.map((r: { status: string }) => r.status),
    );
    expect([...statuses].sort()).toEqual(['failed', 'succeeded']);

    const timeline = await get('/timeline');
    const kinds = timeline.body.items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'incident-detected',
        'rolledback',
        'incident-resolved',
        'deployed',
      ]),
    );
    const dora = await get('/dora');
    expect(dora.body.current.failedDeployments).toBe(1);
    expect(dora.body.current.timeToRestoreMs).toBe(30 * 60_000);
  });
});
