import { mockCredentials } from '@backstage/backend-test-utils';
import { Sandbox } from '@internal/sandbox';
import { delay, http, HttpResponse, passthrough } from 'msw';
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

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** A Kubernetes `Status` error body, as an API server sends it. */
function status(code: number, reason: string, message: string) {
  return HttpResponse.json(
    {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message,
      reason,
      code,
    },
    { status: code },
  );
}

// The real sandbox answers everything the handlers below do not take over.
const worker = setupServer();

describe.each(databases.ids)('cluster faults on %s', databaseId => {
  let sandbox: Sandbox;
  let backend: DeliveryTestBackend;
  let production: string;

  beforeAll(async () => {
    worker.listen({ onUnhandledRequest: 'bypass' });
    sandbox = await startActionSandbox();
    production = sandbox.clusters.production.url;
    backend = await startDeliveryTestBackend({
      knex: await databases.init(databaseId),
      entities: singlyClaimedEntities(),
      clusters: {
        ...sandbox.clusters,
        // Nothing listens on port 9 (discard) on a test machine.
        unreachable: { url: 'http://127.0.0.1:9', token: 'nobody' },
      },
      // The release gate has its own tests; here production is not gated.
      config: {
        delivery: {
          clusterRequestTimeout: '300ms',
          gate: { environments: [] },
        },
      },
    });
  });

  afterEach(() => worker.resetHandlers());

  afterAll(async () => {
    worker.close();
    await backend?.stop();
    await sandbox?.stop();
  });

  const rolloutPath = (namespace: string, name: string) =>
    `${production}/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts/${name}`;

  const getRollouts = (entity: string) =>
    request(backend.server)
      .get(`/api/delivery/entities/component/default/${entity}/rollouts`)
      .set('Authorization', mockCredentials.user.header(USERS.checkout));

  const act = (entity: string, namespace: string, body: object) =>
    request(backend.server)
      .post(
        `/api/delivery/entities/component/default/${entity}/rollouts/production/${namespace}/${entity}/actions`,
      )
      .set('Authorization', mockCredentials.user.header(USERS.releaseManager))
      .send(body);

  const history = async (entity: string) =>
    (
      await request(backend.server)
        .get(`/api/delivery/history?entityRef=component:default/${entity}`)
        .set('Authorization', mockCredentials.user.header(USERS.checkout))
    ).body.items;

  describe('reading', () => {
    it('reports a cluster that cannot be reached while the others answer', async () => {
      // The watch-fed cache lists the clusters once the backend has started.
      let res = await getRollouts('payments-api');
      for (let i = 0; i < 50 && res.body.clusters[0]?.error; i++) {
        await new Promise(resolve => setTimeout(resolve, 200));
        res = await getRollouts('payments-api');
      }
      expect(res.status).toBe(200);
      const byCluster = Object.fromEntries(
        res.body.clusters.map((c: any) => [c.cluster, c]),
      );
      expect(byCluster.staging.rollouts).toHaveLength(1);
      expect(byCluster.production.error).toBeUndefined();
      expect(byCluster.unreachable.error.statusCode).toBe(502);
      expect(byCluster.unreachable.error.message).toMatch(
        /^Cluster 'unreachable' could not be reached to list (rollouts|replicasets|analysisruns): .*ECONNREFUSED/,
      );
    });
  });

  describe('acting', () => {
    it('answers 502 with the cluster message and records the failure', async () => {
      worker.use(
        http.patch(
          `${rolloutPath('storefront', 'product-catalog')}/status`,
          () =>
            status(
              500,
              'InternalError',
              'admission webhook "rollouts.argoproj.io" failed',
            ),
        ),
      );
      const res = await act('product-catalog', 'storefront', {
        action: 'promote',
      });
      expect(res.status).toBe(502);
      expect(res.body.error).toEqual({
        name: 'ClusterRequestError',
        message: expect.stringMatching(
          /^Cluster 'production' failed to patch rollout status \(HTTP 500\): admission webhook "rollouts.argoproj.io" failed; reading the rollout back shows the promote was not applied \(the rollout is unchanged at resourceVersion \d+\); the release history records it as failed$/,
        ),
        cluster: 'production',
        statusCode: 502,
      });
      expect(res.body.response.statusCode).toBe(502);
      const [record] = await history('product-catalog');
      expect(record).toMatchObject({
        action: 'promote',
        outcome: 'failed',
        error: expect.stringContaining('admission webhook'),
      });
      const rollout = await readRollout(
        sandbox,
        'production',
        'storefront',
        'product-catalog',
      );
      expect(rollout.status.pauseConditions).toHaveLength(1);
    });

    it('answers 504 when the cluster does not answer in time, and records it', async () => {
      worker.use(
        // Answers, too late, without touching the rollout.
        http.patch(
          `${rolloutPath('checkout', 'cart-api')}/status`,
          async () => {
            await delay(1000);
            return status(504, 'Timeout', 'too late');
          },
        ),
      );
      const res = await act('cart-api', 'checkout', { action: 'abort' });
      expect(res.status).toBe(504);
      expect(res.body.error.message).toMatch(
        /^Cluster 'production' did not answer within 0.3s to patch rollout status; reading the rollout back shows the abort was not applied/,
      );
      const [record] = await history('cart-api');
      expect(record).toMatchObject({
        action: 'abort',
        outcome: 'failed',
        reconciliation: expect.stringContaining('so the abort was not applied'),
      });
    });

    it('answers 409 when the cluster reports the rollout changed meanwhile, and keeps the lost race out of the history', async () => {
      worker.use(
        http.patch(`${rolloutPath('fulfilment', 'shipping-api')}/status`, () =>
          status(
            409,
            'Conflict',
            'Operation cannot be fulfilled on rollouts.argoproj.io "shipping-api": the object has been modified; please apply your changes to the latest version and try again',
          ),
        ),
      );
      const res = await act('shipping-api', 'fulfilment', { action: 'retry' });
      expect(res.status).toBe(409);
      expect(res.body.error.name).toBe('ConflictError');
      expect(res.body.error.message).toMatch(
        /Rollout fulfilment\/shipping-api in cluster 'production' changed since it was read \(Operation cannot be fulfilled/,
      );
      // Nothing was applied: the audit log has the attempt, the release
      // history does not.
      expect(await history('shipping-api')).toEqual([]);
      const audited = backend.auditEvents.filter(
        e => e.options.eventId === 'rollout-action',
      );
      expect(audited.at(-1)?.fail).toHaveBeenCalled();
    });

    it('sends every patch with the resourceVersion it read, to the status subresource where the CLI does', async () => {
      const seen: Array<{ url: string; type: string | null; body: any }> = [];
      worker.use(
        http.patch(
          `${rolloutPath('fulfilment', 'shipping-api')}*`,
          async ({ request: req }) => {
            seen.push({
              url: new URL(req.url).pathname,
              type: req.headers.get('content-type'),
              body: await req.clone().json(),
            });
            return passthrough();
          },
        ),
      );
      const before = await readRollout(
        sandbox,
        'production',
        'fulfilment',
        'shipping-api',
      );
      const res = await act('shipping-api', 'fulfilment', { action: 'retry' });
      expect(res.status).toBe(201);
      expect(seen).toEqual([
        {
          url: '/apis/argoproj.io/v1alpha1/namespaces/fulfilment/rollouts/shipping-api/status',
          type: 'application/merge-patch+json',
          body: {
            status: { abort: false },
            metadata: { resourceVersion: before.metadata.resourceVersion },
          },
        },
      ]);
    });

    it('falls back to one patch on the Rollout when there is no status subresource, as the CLI does', async () => {
      const seen: Array<{ url: string; body: any }> = [];
      worker.use(
        http.patch(`${rolloutPath('checkout', 'payments-api')}/status`, () =>
          status(
            404,
            'NotFound',
            'the server could not find the requested resource',
          ),
        ),
        http.patch(
          rolloutPath('checkout', 'payments-api'),
          async ({ request: req }) => {
            seen.push({
              url: new URL(req.url).pathname,
              body: await req.clone().json(),
            });
            return passthrough();
          },
        ),
      );
      const before = await readRollout(
        sandbox,
        'production',
        'checkout',
        'payments-api',
      );
      const res = await act('payments-api', 'checkout', { action: 'abort' });
      expect(res.status).toBe(201);
      expect(seen).toEqual([
        {
          url: '/apis/argoproj.io/v1alpha1/namespaces/checkout/rollouts/payments-api',
          body: {
            status: { abort: true },
            metadata: { resourceVersion: before.metadata.resourceVersion },
          },
        },
      ]);
    });

    it('rolls back with a JSON patch that tests the resourceVersion first', async () => {
      const seen: Array<{ type: string | null; body: any }> = [];
      worker.use(
        http.patch(
          rolloutPath('storefront', 'product-catalog'),
          async ({ request: req }) => {
            seen.push({
              type: req.headers.get('content-type'),
              body: await req.clone().json(),
            });
            return passthrough();
          },
        ),
      );
      const before = await readRollout(
        sandbox,
        'production',
        'storefront',
        'product-catalog',
      );
      const res = await act('product-catalog', 'storefront', {
        action: 'rollback',
        revision: 1,
      });
      expect(res.status).toBe(201);
      expect(seen).toHaveLength(1);
      expect(seen[0].type).toBe('application/json-patch+json');
      expect(seen[0].body).toEqual([
        {
          op: 'test',
          path: '/metadata/resourceVersion',
          value: before.metadata.resourceVersion,
        },
        { op: 'replace', path: '/spec/template', value: expect.any(Object) },
      ]);
      expect(seen[0].body[1].value.metadata.labels).not.toHaveProperty(
        'rollouts-pod-template-hash',
      );
    });

    it('turns a failed resourceVersion test into 409', async () => {
      worker.use(
        http.patch(rolloutPath('checkout', 'cart-api'), () =>
          status(
            422,
            'Invalid',
            'the server rejected our request due to an error in our request: testing value /metadata/resourceVersion failed: test failed',
          ),
        ),
      );
      const res = await act('cart-api', 'checkout', { action: 'rollback' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/changed since it was read/);
    });
  });
});
