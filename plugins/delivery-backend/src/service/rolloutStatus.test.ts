import { mockCredentials } from '@backstage/backend-test-utils';
import { RolloutSummary } from '@internal/plugin-delivery-common';
import { Sandbox, startSandbox } from '@internal/sandbox';
import request from 'supertest';
import {
  DeliveryTestBackend,
  startDeliveryTestBackend,
} from '../__testUtils__/deliveryTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('GET /api/delivery/entities/:kind/:namespace/:name/rollouts', () => {
  let sandbox: Sandbox;
  let server: DeliveryTestBackend['server'];
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: { control: 0, clusters: { staging: 0, production: 0 } },
    });
    // Reading does not touch the database; SQLite keeps this suite quick.
    const backend = await startDeliveryTestBackend({
      knex: await databases.init('SQLITE_3'),
      clusters: sandbox.clusters,
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await sandbox?.stop();
  });

  const get = (path: string) =>
    request(server)
      .get(`/api/delivery${path}`)
      .set('Authorization', mockCredentials.user.header());

  function rolloutIn(body: any, cluster: string): RolloutSummary {
    const entry = body.clusters.find((c: any) => c.cluster === cluster);
    expect(entry).toBeDefined();
    expect(entry.error).toBeUndefined();
    expect(entry.rollouts).toHaveLength(1);
    return entry.rollouts[0];
  }

  it('describes a blue/green rollout waiting for promotion, per cluster', async () => {
    const res = await get('/entities/component/default/payments-api/rollouts');
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/payments-api');
    expect(res.body.clusters.map((c: any) => c.cluster).sort()).toEqual([
      'production',
      'staging',
    ]);

    const production = rolloutIn(res.body, 'production');
    expect(production).toMatchObject({
      cluster: 'production',
      namespace: 'checkout',
      name: 'payments-api',
      strategy: 'blueGreen',
      phase: 'Paused',
      statusObserved: true,
      paused: true,
      aborted: false,
      pauseConditions: [{ reason: 'BlueGreenPause' }],
      steps: [],
    });
    expect(production.blueGreen?.activeSelector).toBe(
      production.stableRevision?.podTemplateHash,
    );
    expect(production.blueGreen?.previewSelector).toBe(
      production.canaryRevision?.podTemplateHash,
    );
    expect(production.canaryRevision).toMatchObject({
      revision: 2,
      role: 'preview',
    });
    expect(production.stableRevision).toMatchObject({
      revision: 1,
      role: 'active',
    });
    expect(production.canaryRevision?.images[0]).toMatch(/payments-api:/);
    expect(production.rollbackTargets).toEqual([1]);
    expect(production.availableActions).toEqual([
      'promote',
      'promoteFull',
      'abort',
      'rollback',
    ]);
    expect(production.resourceVersion).toMatch(/^\d+$/);

    const staging = rolloutIn(res.body, 'staging');
    expect(staging).toMatchObject({ phase: 'Healthy', paused: false });
    expect(staging.availableActions).toEqual([]);
  });

  it('describes a paused canary: step, weights, revisions and analysis', async () => {
    const res = await get(
      '/entities/component/default/product-catalog/rollouts',
    );
    expect(res.status).toBe(200);
    const rollout = rolloutIn(res.body, 'production');
    expect(rollout).toMatchObject({
      strategy: 'canary',
      phase: 'Paused',
      currentStepIndex: 1,
      pauseConditions: [{ reason: 'CanaryPauseStep' }],
      steps: [
        { type: 'setWeight', weight: 20 },
        { type: 'pause' },
        { type: 'analysis', templates: ['success-rate'] },
        { type: 'setWeight', weight: 60 },
        { type: 'pause', duration: '30s' },
      ],
      stableRevision: { revision: 1, role: 'stable' },
      canaryRevision: { revision: 2, role: 'canary' },
    });
    expect(rollout.weights!.canary + rollout.weights!.stable).toBe(100);
    expect(rollout.weights!.canary).toBeGreaterThan(0);
    expect(rollout.weights!.canary).toBeLessThan(100);
    expect(rollout.availableActions).toEqual(
      expect.arrayContaining(['promote', 'promoteFull', 'abort', 'rollback']),
    );
    expect(rollout.availableActions).not.toContain('retry');
  });

  it('describes an aborted canary with its failed analysis run', async () => {
    const res = await get('/entities/component/default/shipping-api/rollouts');
    const rollout = rolloutIn(res.body, 'production');
    expect(rollout).toMatchObject({
      phase: 'Degraded',
      aborted: true,
      weights: { canary: 0, stable: 100 },
    });
    expect(rollout.message).toMatch(/RolloutAborted/);
    expect(rollout.availableActions).toEqual(['retry', 'rollback']);
    const [latest] = rollout.analysisRuns;
    expect(latest.phase).toBe('Failed');
    expect(latest.revision).toBe(2);
    expect(latest.metrics[0]).toMatchObject({
      name: 'success-rate',
      phase: 'Failed',
    });
    expect(latest.metrics[0].failed).toBeGreaterThan(0);
    expect(latest.metrics[0].measurements.length).toBeGreaterThan(0);
  });

  it('finds rollouts by label selector and honours the cluster annotation', async () => {
    const res = await get(
      '/entities/component/default/payments-api-production/rollouts',
    );
    expect(res.status).toBe(200);
    expect(res.body.clusters).toHaveLength(1);
    expect(rolloutIn(res.body, 'production').name).toBe('payments-api');
  });

  it('answers 404 for an entity missing from the catalog', async () => {
    const res = await get('/entities/component/default/nope/rollouts');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'No entity component:default/nope in the catalog',
    );
  });

  it('answers 404 naming the annotation to add', async () => {
    const res = await get(
      '/entities/component/default/legacy-monolith/rollouts',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
    expect(res.body.error.message).toContain("'backstage.io/kubernetes-id'");
  });

  it('requires a signed-in user or a service', async () => {
    const res = await request(server)
      .get('/api/delivery/entities/component/default/payments-api/rollouts')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);

    const service = await request(server)
      .get('/api/delivery/entities/component/default/payments-api/rollouts')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(200);
  });
});
