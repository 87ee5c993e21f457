import { ProfileInput } from '@internal/sandbox';
import {
  BUSY,
  CanarySandbox,
  startCanarySandbox,
} from './__testUtils__/canarySandbox';
import { PrometheusCanaryMetrics } from './prometheus/PrometheusCanaryMetrics';
import { assessReleaseHealth, ReleaseHealth } from './releaseHealth';
import { DEFAULT_JUDGE_CONFIG } from './judge';

jest.setTimeout(180_000);

/*
 * The judge on real data: the sandbox's traffic scraped by a real Prometheus
 * (Debian's package, started by the sandbox), read back with query_range.
 * orders-api has no analysis steps: the verdict comes from its metrics alone.
 */

describe('release health from real Prometheus', () => {
  let canary: CanarySandbox;
  let provider: PrometheusCanaryMetrics;

  const release = async (version: string, profile: ProfileInput) =>
    (await canary.release(version, profile)).since;

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
        rollout: await canary.rollout(),
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
    canary = await startCanarySandbox();
    provider = new PrometheusCanaryMetrics({
      targets: [{ cluster: 'production', baseUrl: canary.prometheusUrl }],
    });
  });
  afterAll(() => canary?.stop());

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
