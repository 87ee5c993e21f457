import { mockCredentials } from '@backstage/backend-test-utils';
import { Sandbox } from '@internal/sandbox';
import { Knex } from 'knex';
import { bypass, delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  DeliveryTestBackend,
  startDeliveryTestBackend,
  USERS,
} from '../__testUtils__/deliveryTestBackend';
import {
  readRollout,
  startActionSandbox,
} from '../__testUtils__/sandboxClient';
import { singlyClaimedEntities } from '../__testUtils__/catalogEntities';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(90_000);

const databases = createTestDatabases();

// The real sandbox answers everything the handlers below do not take over.
const worker = setupServer();

/** Sends the request on to the sandbox and returns its answer, readable again. */
async function applyForReal(req: Request): Promise<Response> {
  const answer = await fetch(bypass(req));
  return new HttpResponse(await answer.text(), {
    status: answer.status,
    headers: answer.headers,
  });
}

describe.each(databases.ids)('lost answers on %s', databaseId => {
  let sandbox: Sandbox;
  let knex: Knex;
  const backends: DeliveryTestBackend[] = [];

  /** A backend instance on the shared database, as a restart starts one. */
  const startInstance = async (clusterRequestTimeout = '300ms') => {
    const backend = await startDeliveryTestBackend({
      knex,
      entities: singlyClaimedEntities(),
      clusters: sandbox.clusters,
      config: {
        delivery: {
          clusterRequestTimeout,
          actionClaimExpiry: '1s',
          gate: { environments: [] },
        },
      },
    });
    backends.push(backend);
    return backend;
  };

  beforeAll(async () => {
    worker.listen({ onUnhandledRequest: 'bypass' });
    sandbox = await startActionSandbox();
    knex = await databases.init(databaseId);
  });

  afterEach(() => worker.resetHandlers());

  afterAll(async () => {
    worker.close();
    for (const backend of backends) await backend.stop();
    await sandbox?.stop();
  });

  const rolloutPath = (namespace: string, name: string) =>
    `${sandbox.clusters.production.url}/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts/${name}`;

  const act = (
    backend: DeliveryTestBackend,
    entity: string,
    namespace: string,
    body: object,
  ) =>
    request(backend.server)
      .post(
        `/api/delivery/entities/component/default/${entity}/rollouts/production/${namespace}/${entity}/actions`,
      )
      .set('Authorization', mockCredentials.user.header(USERS.releaseManager))
      .send(body);

  const history = async (backend: DeliveryTestBackend, entity: string) =>
    (
      await request(backend.server)
        .get(`/api/delivery/history?entityRef=component:default/${entity}`)
        .set('Authorization', mockCredentials.user.header(USERS.checkout))
    ).body.items;

  /** Waits until the entity's newest history row is no longer `unknown`. */
  const settledHistory = async (
    backend: DeliveryTestBackend,
    entity: string,
  ) => {
    for (let i = 0; i < 100; i++) {
      const items = await history(backend, entity);
      if (items.length > 0 && items[0].outcome !== 'unknown') return items;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    return history(backend, entity);
  };

  it('answers a promote whose answer was lost after the cluster applied it with what the rollout shows, and records it as succeeded', async () => {
    const backend = await startInstance();
    worker.use(
      http.patch(
        `${rolloutPath('storefront', 'product-catalog')}/status`,
        async ({ request: req }) => {
          const answer = await applyForReal(req);
          await delay(1000);
          return answer;
        },
      ),
    );
    const res = await act(backend, 'product-catalog', 'storefront', {
      action: 'promote',
      reason: 'lost after',
    });
    expect(res.status).toBe(504);
    expect(res.body.error.message).toMatch(
      /^Cluster 'production' did not answer within 0.3s to patch rollout status; reading the rollout back shows the promote was applied \(the rollout moved on from the pause\); the release history records it as succeeded$/,
    );
    const rollout = await readRollout(
      sandbox,
      'production',
      'storefront',
      'product-catalog',
    );
    expect(rollout.status.pauseConditions ?? []).toEqual([]);
    const [record] = await history(backend, 'product-catalog');
    expect(record).toMatchObject({
      action: 'promote',
      reason: 'lost after',
      outcome: 'succeeded',
      reconciliation: expect.stringMatching(
        /did not answer within 0.3s.*Read back at .*so the promote was applied$/,
      ),
    });
  });

  it('answers a retry whose connection dropped before it reached the cluster as not applied, and records it as failed', async () => {
    const backend = await startInstance();
    worker.use(
      http.patch(`${rolloutPath('fulfilment', 'shipping-api')}/status`, () =>
        HttpResponse.error(),
      ),
    );
    const res = await act(backend, 'shipping-api', 'fulfilment', {
      action: 'retry',
      reason: 'dropped before',
    });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(
      /^Cluster 'production' could not be reached to patch rollout status: .*; reading the rollout back shows the retry was not applied \(the rollout is unchanged at resourceVersion \d+\); the release history records it as failed$/,
    );
    const rollout = await readRollout(
      sandbox,
      'production',
      'fulfilment',
      'shipping-api',
    );
    expect(rollout.status.abort).toBe(true);
    const [record] = await history(backend, 'shipping-api');
    expect(record).toMatchObject({
      action: 'retry',
      outcome: 'failed',
      reconciliation: expect.stringContaining('so the retry was not applied'),
    });
  });

  it('records an action as unknown while the rollout cannot be read back, and a backend that starts settles it', async () => {
    const first = await startInstance();
    let patched = false;
    worker.use(
      http.patch(
        `${rolloutPath('checkout', 'payments-api')}/status`,
        async ({ request: req }) => {
          await applyForReal(req);
          patched = true;
          return HttpResponse.json(
            { kind: 'Status', status: 'Failure', code: 503 },
            { status: 503 },
          );
        },
      ),
      // The read back after the lost answer fails too.
      http.get(
        `${sandbox.clusters.production.url}/apis/argoproj.io/v1alpha1/namespaces/checkout/rollouts`,
        ({ request: req }) =>
          patched && new URL(req.url).searchParams.has('fieldSelector')
            ? HttpResponse.error()
            : undefined,
      ),
    );
    const res = await act(first, 'payments-api', 'checkout', {
      action: 'abort',
    });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(
      /the rollout could not be read back \(.*\), so the abort may have been applied; the release history shows it as unknown until it can be$/,
    );
    expect(await history(first, 'payments-api')).toEqual([
      expect.objectContaining({ action: 'abort', outcome: 'unknown' }),
    ]);

    worker.resetHandlers();
    const restarted = await startInstance('5s');
    const [record] = await settledHistory(restarted, 'payments-api');
    expect(record).toMatchObject({
      action: 'abort',
      outcome: 'succeeded',
      reconciliation: expect.stringContaining('so the abort was applied'),
    });
  });

  it('settles an action whose backend stopped between claiming the rollout and recording the answer, when another starts', async () => {
    // Waits for the cluster far longer than the claim lasts: from outside,
    // an instance stuck here is one that stopped.
    const stopped = await startInstance('60s');
    let answer: (() => void) | undefined;
    let reachedCluster = false;
    worker.use(
      http.patch(
        `${rolloutPath('checkout', 'cart-api')}/status`,
        async ({ request: req }) => {
          const applied = await applyForReal(req);
          reachedCluster = true;
          await new Promise<void>(resolve => {
            answer = resolve;
          });
          return applied;
        },
      ),
    );
    const pending = act(stopped, 'cart-api', 'checkout', {
      action: 'abort',
      reason: 'instance stopped',
    }).then(r => r);
    while (!reachedCluster) {
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    // Applied in the cluster, nothing recorded yet.
    expect(
      (await readRollout(sandbox, 'production', 'checkout', 'cart-api')).status
        .abort,
    ).toBe(true);
    expect(await history(stopped, 'cart-api')).toEqual([]);

    // The claim expires; an instance that starts then settles the action.
    await new Promise(resolve => setTimeout(resolve, 1200));
    const restarted = await startInstance('5s');
    const [record] = await settledHistory(restarted, 'cart-api');
    expect(record).toMatchObject({
      action: 'abort',
      reason: 'instance stopped',
      outcome: 'succeeded',
      reconciliation: expect.stringMatching(
        /^The portal stopped while sending the action to the cluster.*so the abort was applied$/,
      ),
    });

    // Should the stuck instance come back to life, it records nothing twice.
    answer?.();
    const late = await pending;
    expect(late.status).toBe(201);
    const rows = await history(restarted, 'cart-api');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: record.id, outcome: 'succeeded' });
  });
});
