import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Sandbox, startSandbox } from '@internal/sandbox';
import knexFactory from 'knex';
import request from 'supertest';
import {
  DeliveryTestBackend,
  startDeliveryTestBackend,
  USERS,
} from '../../__testUtils__/deliveryTestBackend';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { PrometheusCanaryMetrics } from '../prometheus/PrometheusCanaryMetrics';
import { ReleaseHealthService } from './ReleaseHealthService';
import { ReleaseHealthVerdicts } from './ReleaseHealthVerdicts';

jest.setTimeout(180_000);

/*
 * GET …/rollouts/{cluster}/{ns}/{name}/health over HTTP, through the
 * spec-checking proxy, on the sandbox's traffic scraped by a real Prometheus.
 * Only production's Prometheus is configured: staging has no verdict.
 */

const NAMESPACE = 'checkout';
const NAME = 'orders-api';
const BUSY = { requestRate: 3000, errorRatio: 0.01 };
const healthPath = (cluster: string, entity = NAME) =>
  `/api/delivery/entities/component/default/${entity}/rollouts/${cluster}/${NAMESPACE}/${NAME}/health`;

describe('GET release health', () => {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  let sandbox: Sandbox;
  let backend: DeliveryTestBackend;

  const api = async (path: string, init: RequestInit = {}) => {
    const { url, token } = sandbox.clusters.production;
    const res = await fetch(`${url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const rolloutPath = `/apis/argoproj.io/v1alpha1/namespaces/${NAMESPACE}/rollouts/${NAME}`;

  async function waitForRollout(what: string, predicate: (ro: any) => boolean) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (predicate(await api(rolloutPath))) return;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 200));
    }
  }

  async function release(version: string, profile: object): Promise<string> {
    const result = await sandbox.startRelease({
      cluster: 'production',
      namespace: NAMESPACE,
      service: NAME,
      image: `registry.acme.example/${NAME}:${version}`,
      profile,
    });
    await waitForRollout(
      `${version} taking canary traffic`,
      ro =>
        (ro.status?.canary?.weights?.canary?.weight ?? 0) > 0 &&
        ro.status?.currentPodHash === result.podTemplateHash,
    );
    return result.podTemplateHash;
  }

  const get = (path: string) =>
    request(backend.server)
      .get(path)
      .set('Authorization', mockCredentials.user.header(USERS.checkout));

  beforeAll(async () => {
    sandbox = await startSandbox({
      clusters: ['staging', 'production'],
      ports: { control: 0 },
      // Pauses last ten times longer than written: the canary stays in flight.
      speed: 0.1,
      podStartupSeconds: 0,
      gitHost: false,
      prometheus: {},
    });
    backend = await startDeliveryTestBackend({
      knex,
      clusters: {
        staging: sandbox.clusters.staging,
        production: sandbox.clusters.production,
      },
      config: {
        delivery: {
          canary: {
            prometheus: { production: sandbox.prometheusUrls.production },
            stepSeconds: 2,
          },
        },
      },
    });
    await release('2.4.0', BUSY);
    await api(`${rolloutPath}/status`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ status: { promoteFull: true } }),
    });
    await waitForRollout(
      '2.4.0 stable',
      ro =>
        ro.status?.phase === 'Healthy' &&
        ro.status?.stableRS === ro.status?.currentPodHash,
    );
  });
  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
    await knex.destroy();
  });

  let failing: string;

  it('fails a canary that fails far more often than the stable, with both values and the series', async () => {
    failing = await release('2.6.0', { ...BUSY, errorRatio: 0.3 });
    let body: any;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 3000));
      const res = await get(healthPath('production'));
      expect(res.status).toBe(200);
      body = res.body;
      if (body.verdict !== 'Inconclusive') break;
    }
    expect(body.verdict).toBe('Fail');
    expect(body.strategy).toBe('canary');
    const errors = body.metrics.find((m: any) => m.name === 'error-ratio');
    expect(errors.result).toBe('High');
    expect(errors.canaryRequests).toBeGreaterThan(0);
    expect(errors.canaryValue).toBeGreaterThan(0.2);
    expect(errors.stableValue).toBeLessThan(0.05);
    expect(errors.threshold).toContain('1.5 ×');
    expect(errors.link).toMatch(/\/graph\?g0\.expr=/);
    expect(errors.series.some((p: any) => p.canary > 0.2)).toBe(true);
  });

  it("feeds the gate: a failing revision's verdict, in flight and after it completed", async () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'production',
                url: sandbox.clusters.production.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: sandbox.clusters.production.token,
              },
            ],
          },
        ],
      },
    });
    const clusters = ClusterRegistry.fromConfig(config, {
      logger: mockServices.logger.mock(),
      timeoutMs: 10_000,
    });
    const verdicts = new ReleaseHealthVerdicts({
      clusters,
      health: new ReleaseHealthService({
        catalog: catalogServiceMock(),
        clusters,
        providers: [
          new PrometheusCanaryMetrics({
            targets: [
              {
                cluster: 'production',
                baseUrl: sandbox.prometheusUrls.production,
              },
            ],
          }),
        ],
        stepSeconds: 2,
      }),
    });
    const revision = {
      cluster: 'production',
      namespace: NAMESPACE,
      rollout: NAME,
      podTemplateHash: failing,
    };
    expect(await verdicts.verdictFor(revision)).toMatchObject({
      verdict: 'Fail',
      link: expect.stringMatching(/\/graph\?g0\.expr=/),
    });

    await api(`${rolloutPath}/status`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ status: { promoteFull: true } }),
    });
    await waitForRollout(
      '2.6.0 stable',
      ro => ro.status?.phase === 'Healthy' && ro.status?.stableRS === failing,
    );
    // Completed, it is still the revision that failed against the one before.
    expect(await verdicts.verdictFor(revision)).toMatchObject({
      verdict: 'Fail',
    });
    expect(
      await verdicts.verdictFor({ ...revision, podTemplateHash: 'nosuchhash' }),
    ).toBeUndefined();
  });

  it('gives no verdict for a cluster without a Prometheus, never a pass', async () => {
    const res = await get(healthPath('staging'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      verdict: 'Inconclusive',
      reason:
        'no verdict available: no Prometheus configured for cluster staging',
      metrics: [],
    });
  });

  it('answers 404 for a rollout the entity does not own', async () => {
    const res = await get(healthPath('production', 'payments-api'));
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('No rollout checkout/orders-api');
  });
});
