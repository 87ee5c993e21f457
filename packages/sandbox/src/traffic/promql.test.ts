import { evaluatePromQL, formatVector } from './promql';
import { TrafficSeries } from './trafficModel';

const series = (
  hash: string,
  rate: number,
  errorRatio: number,
  p50 = 40,
): TrafficSeries => ({
  cluster: 'c',
  namespace: 'ns',
  service: 'svc',
  rollout: 'svc',
  revision: hash === 'aaa' ? '1' : '2',
  podTemplateHash: hash,
  profile: 'x',
  share: 0.5,
  preview: false,
  requestRate: rate,
  errorRatio,
  latencyMs: { p50, p95: p50 * 3, p99: p50 * 6 },
});

describe('PromQL against the traffic model', () => {
  const data = [series('aaa', 80, 0.01), series('bbb', 20, 0.2, 100)];

  it('computes success and error ratios per revision', () => {
    const success = evaluatePromQL(
      'sum(rate(http_requests_total{service="svc",pod_template_hash="bbb",code!~"5.."}[5m])) / sum(rate(http_requests_total{service="svc",pod_template_hash="bbb"}[5m]))',
      data,
    );
    expect(success.values[0]).toBeCloseTo(0.8);
    const errors = evaluatePromQL(
      'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))',
      data,
    );
    expect(errors.values[0]).toBeCloseTo((80 * 0.01 + 20 * 0.2) / 100);
  });

  it('computes request rates and latency quantiles', () => {
    expect(
      evaluatePromQL(
        'sum(rate(http_requests_total{rollouts_pod_template_hash="aaa"}[1m]))',
        data,
      ).values[0],
    ).toBeCloseTo(80);
    const p50 = evaluatePromQL(
      'histogram_quantile(0.5, sum(rate(http_request_duration_seconds_bucket{pod_template_hash="aaa"}[5m])) by (le))',
      data,
    ).values[0];
    expect(p50).toBeCloseTo(0.04, 3);
    const p95 = evaluatePromQL(
      'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))',
      data,
    ).values[0];
    expect(p95).toBeGreaterThan(0.1);
  });

  it('returns an empty vector when nothing matches', () => {
    expect(
      evaluatePromQL(
        'sum(rate(http_requests_total{service="other"}[1m]))',
        data,
      ).values,
    ).toEqual([]);
    expect(formatVector([0.5, 1])).toBe('[0.5,1]');
  });
});
