import { mockCredentials } from '@backstage/backend-test-utils';
import { Sandbox } from '@internal/sandbox';
import request from 'supertest';
import { singlyClaimedEntities } from '../__testUtils__/catalogEntities';
import {
  DeliveryTestBackend,
  USERS,
  startDeliveryTestBackend,
} from '../__testUtils__/deliveryTestBackend';
import {
  readRollout,
  startActionSandbox,
} from '../__testUtils__/sandboxClient';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(90_000);

const databases = createTestDatabases();

interface Entry {
  kind: string;
  title: string;
  environment?: string;
  sources: string[];
}

/** Asks again until the check passes, as a page polling the timeline does. */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describe.each(databases.ids)(
  'the timeline from the clusters on %s',
  databaseId => {
    let sandbox: Sandbox;
    let backend: DeliveryTestBackend;

    beforeAll(async () => {
      sandbox = await startActionSandbox();
      backend = await startDeliveryTestBackend({
        knex: await databases.init(databaseId),
        clusters: sandbox.clusters,
        entities: singlyClaimedEntities(),
        config: { delivery: { gate: { environments: [] } } },
      });
    });
    afterAll(async () => {
      await backend?.stop();
      await sandbox?.stop();
    });

    const timeline = async (entity: string): Promise<Entry[]> => {
      const res = await request(backend.server)
        .get(`/api/delivery/entities/component/default/${entity}/cicd/timeline`)
        .set('Authorization', mockCredentials.user.header(USERS.checkout));
      expect(res.status).toBe(200);
      return res.body.items;
    };

    it('shows a release started by CD, from the events Argo Rollouts records on the rollout', async () => {
      const revisionOf = async () =>
        Number(
          (await readRollout(sandbox, 'staging', 'checkout', 'cart-api'))
            .metadata.annotations['rollout.argoproj.io/revision'],
        );
      const before = await revisionOf();
      await sandbox.startRelease({
        cluster: 'staging',
        service: 'cart-api',
        image: 'registry.acme.example/cart-api:7.1.0',
      });
      const started = await eventually(
        async () =>
          (
            await timeline('cart-api')
          ).find(
            e =>
              e.kind === 'release-started' &&
              e.environment === 'staging' &&
              e.title.includes(`revision ${before + 1}`),
          ),
        `the release of revision ${before + 1} on the timeline`,
      );
      expect(started).toMatchObject({
        title: `Release of cart-api started (revision ${
          before + 1
        }) in staging`,
        sources: ['cluster'],
      });
    });

    it('shows an abort made through the portal once, confirmed by the cluster', async () => {
      const res = await request(backend.server)
        .post(
          '/api/delivery/entities/component/default/cart-api/rollouts/production/checkout/cart-api/actions',
        )
        .set('Authorization', mockCredentials.user.header(USERS.checkout))
        .set('Idempotency-Key', 'cluster-timeline-abort')
        .send({ action: 'abort' });
      expect(res.status).toBe(201);

      const aborts = await eventually(async () => {
        const found = (await timeline('cart-api')).filter(
          e =>
            (e.kind === 'abort' || e.kind === 'aborted') &&
            e.environment === 'production',
        );
        return found.some(e => e.sources.includes('cluster'))
          ? found
          : undefined;
      }, 'the controller recording the abort');
      expect(aborts).toHaveLength(1);
      expect(aborts[0].sources.sort()).toEqual(['cluster', 'portal']);
    });

    it('shows an abort made by analysis, with the reason the controller gave', async () => {
      // The Event Argo Rollouts records when a failed analysis aborts a
      // release: RolloutAbortedMessage followed by the AnalysisRun's message.
      // The unit-test sandbox has no Prometheus for an analysis to fail
      // against, so it is written through the cluster's API as the
      // controller writes it.
      const { url, token } = sandbox.clusters.staging;
      const now = new Date().toISOString();
      const created = await fetch(`${url}/api/v1/namespaces/checkout/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: 'cart-api.analysis-abort', namespace: 'checkout' },
          involvedObject: {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name: 'cart-api',
            namespace: 'checkout',
          },
          reason: 'RolloutAborted',
          type: 'Warning',
          message:
            'Rollout aborted update to revision 9: Metric "error-rate" assessed Failed due to failed (1) > failureLimit (0)',
          source: { component: 'rollouts-controller' },
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        }),
      });
      expect(created.status).toBe(201);

      const entry = await eventually(
        async () =>
          (
            await timeline('cart-api')
          ).find(e => e.kind === 'aborted' && e.title.includes('revision 9')),
        'the abort by analysis',
      );
      expect(entry).toMatchObject({
        title:
          'Release of cart-api aborted (revision 9): Metric "error-rate" assessed Failed due to failed (1) > failureLimit (0) in staging',
        environment: 'staging',
        sources: ['cluster'],
      });
    });
  },
);
