import { mockCredentials } from '@backstage/backend-test-utils';
import { Sandbox, startSandbox } from '@internal/sandbox';
import request from 'supertest';
import {
  DeliveryTestBackend,
  startDeliveryTestBackend,
} from '../__testUtils__/deliveryTestBackend';
import { startTcpProxy, TcpProxy } from '../__testUtils__/tcpProxy';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

async function eventually(check: () => Promise<void>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

describe('reads for display from the watch-fed cache', () => {
  let sandbox: Sandbox;
  let proxy: TcpProxy;
  let backend: DeliveryTestBackend;

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: { control: 0, clusters: { staging: 0, production: 0 } },
      speed: 0.1,
      gitHost: false,
    });
    proxy = await startTcpProxy(sandbox.clusters.production.url);
    backend = await startDeliveryTestBackend({
      knex: await databases.init('SQLITE_3'),
      clusters: {
        staging: sandbox.clusters.staging,
        production: { url: proxy.url, token: sandbox.adminToken },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await proxy?.close();
    await sandbox?.stop();
  });

  const rollouts = (entity: string) =>
    request(backend.server)
      .get(`/api/delivery/entities/component/default/${entity}/rollouts`)
      .set('Authorization', mockCredentials.user.header());
  const releases = () =>
    request(backend.server)
      .get('/api/delivery/releases')
      .set('Authorization', mockCredentials.user.header());
  const clusterRequests = () =>
    Object.values(sandbox.requestCounts()).reduce((n, c) => n + c.total, 0);

  it('answers page views without asking the clusters', async () => {
    expect((await rollouts('cart-api')).status).toBe(200);
    const before = clusterRequests();
    for (let i = 0; i < 10; i++) {
      expect((await rollouts('cart-api')).status).toBe(200);
      expect((await releases()).status).toBe(200);
    }
    expect(clusterRequests()).toBe(before);
    // One watch per resource type and cluster, however many page views.
    expect(sandbox.requestCounts().staging.watches).toBe(3);
  });

  it('shows an aborted release as aborted, with the image still serving', async () => {
    await sandbox.startRelease({
      cluster: 'staging',
      service: 'orders-api',
      image: 'registry.acme.example/orders-api:9.9.9',
    });
    await request(backend.server)
      .post(
        '/api/delivery/entities/component/default/orders-api/rollouts/staging/checkout/orders-api/actions',
      )
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/dora.nagy'),
      )
      .send({ action: 'abort' })
      .expect(201);
    await eventually(async () => {
      const item = (await releases()).body.items.find(
        (i: any) => i.rollout === 'orders-api' && i.cluster === 'staging',
      );
      expect(item).toMatchObject({
        aborted: true,
        candidateImages: ['registry.acme.example/orders-api:9.9.9'],
        startedAt: expect.any(String),
      });
      expect(item.images).not.toContain(
        'registry.acme.example/orders-api:9.9.9',
      );
    });
  });

  it('marks a cluster whose watch broke as stale since then, keeping what it last knew', async () => {
    const before = (await rollouts('cart-api')).body.clusters.find(
      (c: any) => c.cluster === 'production',
    );
    expect(before.stale).toBeUndefined();
    expect(before.rollouts).toHaveLength(1);

    proxy.cut();
    await eventually(async () => {
      const production = (await rollouts('cart-api')).body.clusters.find(
        (c: any) => c.cluster === 'production',
      );
      expect(production.rollouts).toEqual(before.rollouts);
      expect(production.stale).toEqual({
        since: expect.stringMatching(/^\d{4}-/),
        message: expect.stringContaining("Cluster 'production'"),
      });
      expect((await releases()).body.staleClusters).toEqual([
        expect.objectContaining({ cluster: 'production' }),
      ]);
    });

    proxy.restore();
    await eventually(async () => {
      const production = (await rollouts('cart-api')).body.clusters.find(
        (c: any) => c.cluster === 'production',
      );
      expect(production.stale).toBeUndefined();
    });
  });
});
