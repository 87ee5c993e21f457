import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  DeliveryTestBackend,
  USERS,
  startDeliveryTestBackend,
} from '../__testUtils__/deliveryTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { CART_SOURCE, cdEvent } from './__fixtures__/cdEvents';
import { cicdEntities } from './__fixtures__/cicdEntities';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const source = `${CART_SOURCE}/actions/runs/9`;
const sha = 'a'.repeat(40);

/**
 * A fixed history of cart-api, 20 days ago (B), in hours:
 *   B+0  change c1 merged (commit aaa…)      B+2  production deploy of image :aaa… → lead 2h
 *   B+24 change c2 merged (chain ch2)        B+25 staging deploy (chain ch2, not production)
 *   B+28 production upgrade (chain ch2)      → lead 4h; failed: incident at B+29
 *   B+29 incident inc-1 detected             B+30.5 resolved → restore 1.5h
 *   B+48 change c3 merged                    B+49 artifact packaged from c3
 *   B+60 production deploy of that artifact  → lead 12h; failed: rollback at B+61
 *   B+61 production rolled back              B+72 production deploy, nothing follows
 * and in the window before, 45 days ago, one production deploy (chain ch0)
 * of two changes merged 1h and 3h before it.
 *
 * By hand, over the last 30 days: 4 production deployments (the rollback is
 * not one), 4/30 a day; lead time the median of 2h, 4h, 12h = 4h (the mean
 * would be 6h); change failure rate 2/4;
 * time to restore 1.5h, one incident resolved and none open. The 30 days
 * before: 1 deployment, no failures, lead time the median of 1h and 3h =
 * 2h (the mean of the middle two), no incidents.
 */
function history(now: number) {
  const B = now - 20 * DAY;
  const at = (hours: number) => B + hours * HOUR;
  const prod = { id: 'production' };
  const artifact3 = 'pkg:oci/cart-api@sha256%3A333?tag=v3';
  return [
    cdEvent(
      'change.merged.0.2.0',
      { id: 'c1' },
      { source, at: at(0), customData: { commit: sha } },
    ),
    cdEvent(
      'service.deployed.0.2.0',
      {
        id: 'cart-api',
        content: { environment: prod, artifactId: `registry/cart-api:${sha}` },
      },
      { source, at: at(2) },
    ),
    cdEvent(
      'change.merged.0.2.0',
      { id: 'c2' },
      { source, at: at(24), chainId: 'ch2' },
    ),
    cdEvent(
      'service.deployed.0.2.0',
      {
        id: 'cart-api',
        content: {
          environment: { id: 'staging' },
          artifactId: 'registry/cart-api:v2',
        },
      },
      { source, at: at(25), chainId: 'ch2' },
    ),
    cdEvent(
      'service.upgraded.0.2.0',
      {
        id: 'cart-api',
        content: { environment: prod, artifactId: 'registry/cart-api:v2' },
      },
      { source, at: at(28), chainId: 'ch2' },
    ),
    cdEvent(
      'incident.detected.0.2.0',
      { id: 'inc-1', content: { environment: prod } },
      { source, at: at(29) },
    ),
    cdEvent(
      'incident.resolved.0.2.0',
      { id: 'inc-1', content: { environment: prod } },
      { source, at: at(30.5) },
    ),
    cdEvent('change.merged.0.2.0', { id: 'c3' }, { source, at: at(48) }),
    cdEvent(
      'artifact.packaged.0.2.0',
      { id: artifact3, content: { change: { id: 'c3' } } },
      { source, at: at(49) },
    ),
    cdEvent(
      'service.deployed.0.2.0',
      { id: 'cart-api', content: { environment: prod, artifactId: artifact3 } },
      { source, at: at(60) },
    ),
    cdEvent(
      'service.rolledback.0.2.0',
      {
        id: 'cart-api',
        content: { environment: prod, artifactId: 'registry/cart-api:v2' },
      },
      { source, at: at(61) },
    ),
    cdEvent(
      'service.deployed.0.2.0',
      {
        id: 'cart-api',
        content: { environment: prod, artifactId: 'registry/cart-api:v4' },
      },
      { source, at: at(72) },
    ),
    cdEvent(
      'change.merged.0.2.0',
      { id: 'c0' },
      { source, at: now - 45 * DAY - 3 * HOUR, chainId: 'ch0' },
    ),
    cdEvent(
      'change.merged.0.2.0',
      { id: 'c00' },
      { source, at: now - 45 * DAY - HOUR, chainId: 'ch0' },
    ),
    cdEvent(
      'service.deployed.0.2.0',
      {
        id: 'cart-api',
        content: { environment: prod, artifactId: 'registry/cart-api:v0' },
      },
      { source, at: now - 45 * DAY, chainId: 'ch0' },
    ),
  ];
}

describe.each(databases.ids)('DORA figures on %s', databaseId => {
  let backend: DeliveryTestBackend;
  afterEach(() => backend?.stop());

  it('match the values computed by hand on a fixed history', async () => {
    backend = await startDeliveryTestBackend({
      knex: await databases.init(databaseId),
      clusters: {},
      entities: cicdEntities(),
    });
    const posted = await request(backend.unvalidatedServer)
      .post('/api/delivery/cdevents')
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/cloudevents-batch+json')
      .send(JSON.stringify(history(Date.now())));
    expect(posted.body).toMatchObject({ stored: 15 });

    const res = await request(backend.server)
      .get('/api/delivery/entities/component/default/cart-api/cicd/dora')
      .query({ days: 30 })
      .set('Authorization', mockCredentials.user.header(USERS.checkout));
    expect(res.status).toBe(200);
    expect(res.body.current).toMatchObject({
      deployments: 4,
      changesMeasured: 3,
      leadTimeMs: 4 * HOUR,
      failedDeployments: 2,
      changeFailureRate: 0.5,
      timeToRestoreMs: 1.5 * HOUR,
      incidentsResolved: 1,
      incidentsOpen: 0,
    });
    expect(res.body.current.deploymentsPerDay).toBeCloseTo(4 / 30, 10);
    expect(res.body.previous).toMatchObject({
      deployments: 1,
      failedDeployments: 0,
      changeFailureRate: 0,
      changesMeasured: 2,
      leadTimeMs: 2 * HOUR,
      timeToRestoreMs: null,
    });
  });

  it('reports no figure, not zero, for a service without deployments', async () => {
    backend = await startDeliveryTestBackend({
      knex: await databases.init(databaseId),
      clusters: {},
      entities: cicdEntities(),
    });
    const res = await request(backend.server)
      .get('/api/delivery/entities/component/default/orders-api/cicd/dora')
      .set('Authorization', mockCredentials.user.header(USERS.checkout));
    expect(res.status).toBe(200);
    expect(res.body.current).toMatchObject({
      deployments: 0,
      deploymentsPerDay: null,
      changeFailureRate: null,
      leadTimeMs: null,
      timeToRestoreMs: null,
    });
  });
});
