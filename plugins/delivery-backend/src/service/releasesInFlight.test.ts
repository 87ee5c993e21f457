import { mockCredentials } from '@backstage/backend-test-utils';
import { ReleaseInFlight } from '@internal/plugin-delivery-common';
import { Sandbox, startSandbox } from '@internal/sandbox';
import request from 'supertest';
import {
  DeliveryTestBackend,
  startDeliveryTestBackend,
} from '../__testUtils__/deliveryTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('GET /api/delivery/releases', () => {
  let sandbox: Sandbox;
  let backend: DeliveryTestBackend;

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: { control: 0, clusters: { staging: 0, production: 0 } },
      speed: 0.1,
    });
    backend = await startDeliveryTestBackend({
      knex: await databases.init('SQLITE_3'),
      clusters: {
        ...sandbox.clusters,
        unreachable: { url: 'http://127.0.0.1:9', token: 'nobody' },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  const releases = (query = '') =>
    request(backend.server)
      .get(`/api/delivery/releases${query}`)
      .set('Authorization', mockCredentials.user.header());

  // Entities found only by a label selector (payments-api-production) are not
  // listed: rollouts are matched to entities by backstage.io/kubernetes-id.
  it('lists every rollout that is not Healthy, most urgent first, with its owner', async () => {
    const res = await releases();
    expect(res.status).toBe(200);
    const items: ReleaseInFlight[] = res.body.items;
    expect(items.map(i => `${i.phase} ${i.entityRef} ${i.cluster}`)).toEqual([
      'Degraded component:default/shipping-api production',
      'Paused component:default/cart-api production',
      'Paused component:default/payments-api production',
      'Paused component:default/product-catalog production',
    ]);
    expect(items.find(i => i.rollout === 'product-catalog')).toEqual({
      entityRef: 'component:default/product-catalog',
      owner: 'group:default/team-storefront',
      cluster: 'production',
      namespace: 'storefront',
      rollout: 'product-catalog',
      strategy: 'canary',
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 1,
      totalSteps: 5,
      canaryWeight: 20,
      // The revision serving beside the canary, and the one rolling out.
      images: [expect.stringMatching(/product-catalog:1\.11\./)],
      candidateImages: ['registry.acme.example/product-catalog:1.12.0'],
      aborted: false,
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(items.find(i => i.rollout === 'payments-api')).toMatchObject({
      strategy: 'blueGreen',
      phase: 'Paused',
    });
    expect(res.body.clusterErrors).toEqual([
      {
        cluster: 'unreachable',
        message: expect.stringMatching(
          /could not be reached to list (rollouts|replicasets|analysisruns)/,
        ),
      },
    ]);
  });

  it('filters by owner, with or without the kind and namespace', async () => {
    for (const owner of ['team-checkout', 'group:default/team-checkout']) {
      const res = await releases(`?owner=${encodeURIComponent(owner)}`);
      expect(res.body.items.map((i: ReleaseInFlight) => i.entityRef)).toEqual([
        'component:default/cart-api',
        'component:default/payments-api',
      ]);
    }
  });

  it('filters by phase', async () => {
    const res = await releases('?phase=Degraded');
    expect(res.body.items.map((i: ReleaseInFlight) => i.rollout)).toEqual([
      'shipping-api',
    ]);
  });

  it('rejects an unknown phase with 400', async () => {
    const res = await releases('?phase=Sleeping');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /request\/query\/phase must be equal to one of the allowed values/,
    );
  });
});
