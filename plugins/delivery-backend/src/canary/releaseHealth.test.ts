import { Sandbox, startSandbox } from '@internal/sandbox';
import { PrometheusCanaryMetrics } from './prometheus/PrometheusCanaryMetrics';
import { assessReleaseHealth, ReleaseHealth } from './releaseHealth';
import { DEFAULT_JUDGE_CONFIG } from './judge';

jest.setTimeout(180_000);

/*
 * The judge on real data: the sandbox's traffic scraped by a real Prometheus
 * (Debian's package, started by the sandbox), read back with query_range.
 * orders-api has no analysis steps: the verdict comes from its metrics alone.
 */

const NAMESPACE = 'checkout';
const NAME = 'orders-api';
/** Heavy traffic with 1 % errors on both sides, so evidence builds in seconds. */
const BUSY = { requestRate: 3000, errorRatio: 0.01 };

describe('release health from real Prometheus', () => {
  let sandbox: Sandbox;
  let provider: PrometheusCanaryMetrics;

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
  const rollout = () => api(rolloutPath);

  async function waitForRollout(what: string, predicate: (ro: any) => boolean) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ro = await rollout();
      if (predicate(ro)) return ro;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 200));
    }
  }

  async function release(version: string, profile: object) {
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
    return Date.now();
  }

  /** Judges every few seconds until `done` or the deadline; returns every verdict seen. */
  async function judgeUntil(
    since: number,
    done: (h: ReleaseHealth) => boolean,
    seconds: number,
  ) {
    const seen: ReleaseHealth[] = [];
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 3000));
      const health = await assessReleaseHealth(provider, {
        cluster: 'production',
        rollout: await rollout(),
        since,
        now: Date.now(),
        stepSeconds: 2,
        judge: { ...DEFAULT_JUDGE_CONFIG, minimumSamples: 10 },
      });
      seen.push(health);
      if (done(health)) break;
    }
    return seen;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      clusters: ['production'],
      ports: { control: 0 },
      // Pauses last ten times longer than written: the canary stays in flight.
      speed: 0.1,
      podStartupSeconds: 0,
      gitHost: false,
      prometheus: {},
    });
    provider = new PrometheusCanaryMetrics({
      targets: [
        { cluster: 'production', baseUrl: sandbox.prometheusUrls.production },
      ],
    });
    // A busy stable revision to compare with.
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
  afterAll(() => sandbox?.stop());

  it('passes a canary that behaves like the stable', async () => {
    const since = await release('2.5.0', BUSY);
    const seen = await judgeUntil(
      since,
      h => h.judgement.verdict !== 'Inconclusive',
      90,
    );
    const last = seen[seen.length - 1];
    expect(last.judgement.verdict).toBe('Pass');
    expect(last.judgement.metrics.map(m => [m.name, m.classification])).toEqual(
      [
        ['error-ratio', 'Pass'],
        ['latency-p95', 'Pass'],
      ],
    );
    expect(last.observations[0].link).toMatch(/\/graph\?g0\.expr=/);
  });

  it('fails a canary that fails five times as often', async () => {
    const since = await release('2.6.0', { ...BUSY, errorRatio: 0.05 });
    const seen = await judgeUntil(
      since,
      h => h.judgement.verdict !== 'Inconclusive',
      60,
    );
    const last = seen[seen.length - 1];
    expect(last.judgement.verdict).toBe('Fail');
    expect(last.judgement.reason).toMatch(
      /critical metric error-ratio is High/,
    );
    expect(seen.some(h => h.judgement.verdict === 'Pass')).toBe(false);
  });

  it('is Inconclusive, never Pass, for a canary without traffic', async () => {
    const since = await release('2.7.0', { ...BUSY, requestRate: 0 });
    const seen = await judgeUntil(since, () => false, 15);
    expect(seen.length).toBeGreaterThan(2);
    for (const health of seen) {
      expect(health.judgement.verdict).toBe('Inconclusive');
    }
    const last = seen[seen.length - 1].judgement;
    expect(last.reason).toBe('no metric has enough data yet');
    expect(last.metrics.map(m => m.classification)).toEqual([
      'NoData',
      'NoData',
    ]);
  });
});
