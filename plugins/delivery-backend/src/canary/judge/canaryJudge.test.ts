import { judgeCanary, judgeMetric, DEFAULT_JUDGE_CONFIG } from './canaryJudge';
import { classifyLikeKayenta } from './kayentaClassifier';
import { CanaryMetricConfig, RequestCounts } from './types';
import { seededRandom } from '../simulation/seededRandom';
import {
  depressionX,
  depressionY,
  slowerCanary,
  slowerStable,
  sparseCanaryErrors,
  sparseStableErrors,
  spreadCanary,
  spreadStable,
} from './__fixtures__/referenceSamples';

const errors: CanaryMetricConfig = {
  name: 'success-rate',
  group: 'errors',
  direction: 'increase',
};
const latency: CanaryMetricConfig = {
  name: 'latency-p95',
  group: 'latency',
  direction: 'increase',
};

const perHundred = (failures: number[]): RequestCounts[] =>
  failures.map(e => ({ requests: 100, errors: e }));
const twice = <T>(values: T[]) => [...values, ...values];

describe('Kayenta baseline', () => {
  it('classifies a slower canary High and similar samples Pass, as NetflixACAJudge does', () => {
    expect(
      classifyLikeKayenta(slowerCanary, slowerStable, 'increase')
        .classification,
    ).toBe('High');
    expect(
      classifyLikeKayenta(slowerCanary, slowerStable, 'decrease')
        .classification,
    ).toBe('Pass');
    expect(
      classifyLikeKayenta(slowerStable, slowerCanary, 'either').classification,
    ).toBe('Low');
    expect(
      classifyLikeKayenta(depressionX, depressionY, 'either').classification,
    ).toBe('Pass');
    expect(classifyLikeKayenta([], depressionY, 'either').classification).toBe(
      'NoData',
    );
  });

  it('is what the judge uses with method kayenta', () => {
    const result = judgeMetric(
      latency,
      { kind: 'samples', canary: slowerCanary, stable: slowerStable },
      {
        ...DEFAULT_JUDGE_CONFIG,
        method: 'kayenta',
      },
    );
    expect(result.classification).toBe('High');
  });
});

describe('cases Kayenta misses', () => {
  it('sparse errors (kayenta#426): Mann-Whitney passes, the sequential count test fails the canary', () => {
    const canary = twice(sparseCanaryErrors);
    const stable = twice(sparseStableErrors);
    const kayenta = classifyLikeKayenta(
      canary.map(e => e / 100),
      stable.map(e => e / 100),
      'increase',
    );
    expect(kayenta.classification).toBe('Pass');

    const ours = judgeMetric(errors, {
      kind: 'errorRatio',
      canary: perHundred(canary),
      stable: perHundred(stable),
    });
    expect(ours.classification).toBe('High');
    expect(ours.reason).toMatch(
      /canary fails about 4\.\d+× as often as stable/,
    );

    const counted = judgeMetric(
      { name: 'restarts', group: 'errors', direction: 'increase' },
      {
        kind: 'count',
        canary: { count: 28, exposure: 4000 },
        stable: { count: 6, exposure: 4000 },
      },
    );
    expect(counted.classification).toBe('High');
  });

  it('a variance-only regression (kayenta#780): Mann-Whitney passes, the spread test fails the canary', () => {
    const canary = twice(spreadCanary);
    const stable = twice(spreadStable);
    expect(classifyLikeKayenta(canary, stable, 'increase').classification).toBe(
      'Pass',
    );
    const ours = judgeMetric(latency, { kind: 'samples', canary, stable });
    expect(ours.classification).toBe('High');
    expect(ours.reason).toBe('canary varies more than stable');
  });

  it('thin data: 60 requests without a failure is not a pass but says how many more are needed', () => {
    const ours = judgeMetric(errors, {
      kind: 'errorRatio',
      canary: [{ requests: 60, errors: 0 }],
      stable: [{ requests: 540, errors: 3 }],
    });
    expect(ours.classification).toBe('NoData');
    expect(ours.reason).toMatch(
      /^inconclusive: about \d+ more canary requests needed$/,
    );
    expect(ours.evidenceNeeded?.amount).toBeGreaterThan(100);
  });
});

describe('error ratios', () => {
  it('passes a canary that fails no more than the stable once the evidence is there', () => {
    const random = seededRandom(7);
    const canary: RequestCounts[] = [];
    const stable: RequestCounts[] = [];
    for (let i = 0; i < 60; i++) {
      canary.push({ requests: 500, errors: random.binomial(500, 0.01) });
      stable.push({ requests: 500, errors: random.binomial(500, 0.01) });
    }
    expect(
      judgeMetric(errors, { kind: 'errorRatio', canary, stable })
        .classification,
    ).toBe('Pass');
  });

  it('passes a canary with no failures after enough requests', () => {
    const result = judgeMetric(errors, {
      kind: 'errorRatio',
      canary: [{ requests: 5000, errors: 0 }],
      stable: [{ requests: 5000, errors: 0 }],
    });
    expect(result.classification).toBe('Pass');
    expect(result.reason).toMatch(/no failed request in 5000/);
  });

  it('keeps false alarms under 1 % when looked at after every interval', () => {
    const random = seededRandom(42);
    let falseAlarms = 0;
    const runs = 200;
    for (let run = 0; run < runs; run++) {
      const canary: RequestCounts[] = [];
      const stable: RequestCounts[] = [];
      for (let look = 0; look < 60; look++) {
        canary.push({ requests: 100, errors: random.binomial(100, 0.02) });
        stable.push({ requests: 100, errors: random.binomial(100, 0.02) });
        if (
          judgeMetric(errors, { kind: 'errorRatio', canary, stable })
            .classification === 'High'
        ) {
          falseAlarms++;
          break;
        }
      }
    }
    expect(falseAlarms / runs).toBeLessThanOrEqual(0.01);
  });
});

describe('verdict', () => {
  const pass = {
    kind: 'samples' as const,
    canary: slowerStable,
    stable: slowerStable,
  };
  const slower = {
    kind: 'samples' as const,
    canary: twice(slowerCanary),
    stable: twice(slowerStable),
  };

  it('is Inconclusive, never Pass, when a metric has no data', () => {
    const result = judgeCanary([
      { metric: latency, observations: pass },
      {
        metric: errors,
        observations: {
          kind: 'errorRatio',
          canary: [],
          stable: perHundred([0, 1]),
        },
      },
    ]);
    expect(result.verdict).toBe('Inconclusive');
    expect(result.reason).toMatch(
      /success-rate: the canary served no requests/,
    );
  });

  it('is Inconclusive when nothing is declared', () => {
    expect(judgeCanary([]).verdict).toBe('Inconclusive');
  });

  it('may pass without a metric that is not required to have data', () => {
    const result = judgeCanary([
      { metric: latency, observations: pass },
      {
        metric: { ...errors, mustHaveData: false },
        observations: { kind: 'errorRatio', canary: [], stable: [] },
      },
    ]);
    expect(result.verdict).toBe('Pass');
    expect(result.score).toBe(100);
  });

  it('fails with score 0 when a critical metric is High, whatever the other metrics say', () => {
    const result = judgeCanary([
      { metric: { ...latency, critical: true }, observations: slower },
      ...['a', 'b', 'c', 'd'].map(n => ({
        metric: { ...latency, name: n },
        observations: pass,
      })),
    ]);
    expect(result.verdict).toBe('Fail');
    expect(result.score).toBe(0);
    expect(result.reason).toMatch(/critical metric latency-p95 is High/);
  });

  it('scores groups by weight and classifies the score against the thresholds', () => {
    const metrics = [
      {
        metric: { ...latency, name: 'p95', group: 'latency' },
        observations: slower,
      },
      {
        metric: { ...latency, name: 'p50', group: 'latency' },
        observations: pass,
      },
      {
        metric: { ...latency, name: 'cpu', group: 'saturation' },
        observations: pass,
      },
    ];
    const weighted = judgeCanary(metrics, {
      ...DEFAULT_JUDGE_CONFIG,
      groupWeights: { latency: 60 },
    });
    // latency 50 × 0.6 + saturation 100 × 0.4
    expect(weighted.score).toBe(70);
    expect(weighted.verdict).toBe('Fail');
    const lenient = judgeCanary(metrics, {
      ...DEFAULT_JUDGE_CONFIG,
      groupWeights: { latency: 40 },
      marginalThreshold: 60,
    });
    expect(lenient.score).toBe(80);
    expect(lenient.verdict).toBe('Marginal');
  });
});
