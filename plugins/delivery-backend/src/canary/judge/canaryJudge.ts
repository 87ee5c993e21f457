import { classifyLikeKayenta, KAYENTA_TOLERANCE } from './kayentaClassifier';
import {
  ErrorRatioEvidence,
  errorRatioEvidence,
  requestsForZeroErrors,
  requestsStillNeeded,
} from './errorRatioSequential';
import { BettingEvidence, samplesEvidence } from './samplesSequential';
import { verdictOf } from './scoring';
import { exposureNeeded, sparseCountPValue } from './sparseCountTest';
import {
  CanaryJudgeConfig,
  CanaryJudgement,
  CanaryMetricConfig,
  MetricJudgement,
  MetricObservations,
  TestOutcome,
} from './types';

/** Defaults: Kayenta's usual pass/marginal thresholds, 1 % false alarms per metric. */
export const DEFAULT_JUDGE_CONFIG: CanaryJudgeConfig = {
  passThreshold: 95,
  marginalThreshold: 75,
  method: 'sequential',
  falseAlarmRate: 0.01,
  minimumSamples: 20,
};

/** Error ratios below this are all fine: 0.1 % failed requests. */
export const ZERO_ERROR_FLOOR = 0.001;
/** Default tolerance of an error ratio: the canary may not fail 1.5 × as often. */
export const ERROR_RATIO_TOLERANCE = 0.5;

/** A metric's classification before it is named and grouped. */
export type MetricFinding = Omit<
  MetricJudgement,
  'name' | 'group' | 'critical' | 'mustHaveData'
>;

const fmt = (v: number) =>
  Math.abs(v) >= 1000 ? v.toExponential(2) : v.toPrecision(3);

/**
 * The sequential classification of an error ratio from its accumulated
 * evidence: High as soon as the evidence that the canary fails more often
 * reaches 1/α, Pass when the evidence that it fails less than
 * (1 + tolerance) × as often does (or when it served enough requests without
 * a single failure), NoData with the requests still needed otherwise.
 */
export function classifyErrorRatio(
  e: ErrorRatioEvidence,
  metric: CanaryMetricConfig,
  alpha: number,
): MetricFinding {
  const tolerance = metric.tolerance ?? ERROR_RATIO_TOLERANCE;
  const tests: TestOutcome[] = [
    {
      test: 'sequential error-ratio test (canary worse)',
      value: e.eValueWorse,
      threshold: 1 / alpha,
      finding: `canary ${e.canaryErrors}/${e.canaryRequests} failed, stable ${
        e.stableErrors
      }/${e.stableRequests}; evidence ${fmt(e.eValueWorse)} of ${fmt(
        1 / alpha,
      )} needed to fail`,
    },
    {
      test: `sequential error-ratio test (canary under ${
        1 + tolerance
      }× stable)`,
      value: e.eValueNoWorse,
      threshold: 1 / alpha,
      finding: `evidence ${fmt(e.eValueNoWorse)} of ${fmt(
        1 / alpha,
      )} needed to pass`,
    },
  ];
  if (e.canaryRequests === 0 || e.stableRequests === 0) {
    return {
      classification: 'NoData',
      reason:
        e.canaryRequests === 0
          ? 'the canary served no requests'
          : 'the stable served no requests',
      tests,
      evidenceNeeded: {
        unit: 'requests',
        amount: Math.ceil(requestsForZeroErrors(alpha, ZERO_ERROR_FLOOR)),
      },
    };
  }
  if (metric.direction !== 'decrease' && e.eValueWorse >= 1 / alpha) {
    return {
      classification: 'High',
      reason: `canary fails about ${fmt(e.estimatedRatio)}× as often as stable`,
      tests,
    };
  }
  if (e.eValueNoWorse >= 1 / alpha) {
    return {
      classification: 'Pass',
      reason: `canary fails less than ${1 + tolerance}× as often as stable`,
      tests,
    };
  }
  const zeroErrorRequests = requestsForZeroErrors(alpha, ZERO_ERROR_FLOOR);
  if (e.canaryErrors === 0 && e.canaryRequests >= zeroErrorRequests) {
    return {
      classification: 'Pass',
      reason: `no failed request in ${
        e.canaryRequests
      }: canary error rate is below ${ZERO_ERROR_FLOOR * 100} %`,
      tests,
    };
  }
  const amount = requestsStillNeeded(e, tolerance, alpha, ZERO_ERROR_FLOOR);
  return {
    classification: 'NoData',
    reason: `inconclusive: about ${amount} more canary requests needed`,
    tests,
    evidenceNeeded: { unit: 'requests', amount },
  };
}

function judgeSamples(
  obs: Extract<MetricObservations, { kind: 'samples' }>,
  metric: CanaryMetricConfig,
  config: CanaryJudgeConfig,
): MetricFinding {
  const kayenta = classifyLikeKayenta(
    obs.canary,
    obs.stable,
    metric.direction,
    metric.tolerance ?? KAYENTA_TOLERANCE,
  );
  if (config.method === 'kayenta') {
    return {
      classification: kayenta.classification,
      reason: kayenta.reason,
      tests: kayenta.test ? [kayenta.test] : [],
    };
  }
  const finding = classifySamples(
    samplesEvidence(obs.canary, obs.stable),
    metric,
    config,
  );
  return kayenta.test
    ? { ...finding, tests: [...finding.tests, kayenta.test] }
    : finding;
}

/**
 * The sequential classification of samples from their accumulated evidence:
 * High/Low as soon as a location or spread e-value reaches k/α (the k tests
 * in use share the false-alarm budget), Pass after the minimum number of samples,
 * NoData with the samples still needed before that.
 */
export function classifySamples(
  evidence: { location: BettingEvidence; spread: BettingEvidence },
  metric: CanaryMetricConfig,
  config: CanaryJudgeConfig,
): MetricFinding {
  const alpha = config.falseAlarmRate ?? 0.01;
  const minimum = config.minimumSamples ?? 20;
  const { location, spread } = evidence;
  // The location tests the direction asks for and the spread test share the
  // false-alarm budget (a union bound over their e-values).
  const testsInUse =
    (metric.direction !== 'decrease' ? 1 : 0) +
    (metric.direction !== 'increase' ? 1 : 0) +
    1;
  const threshold = testsInUse / alpha;
  const tests: TestOutcome[] = [
    {
      test: 'sequential location test (canary higher)',
      value: location.eValueHigher,
      threshold,
      finding: `evidence ${fmt(location.eValueHigher)}`,
    },
    {
      test: 'sequential location test (canary lower)',
      value: location.eValueLower,
      threshold,
      finding: `evidence ${fmt(location.eValueLower)}`,
    },
    {
      test: 'sequential spread test (canary wider)',
      value: spread.eValueHigher,
      threshold,
      finding: `evidence ${fmt(spread.eValueHigher)}`,
    },
  ];
  if (location.pairs === 0) {
    return {
      classification: 'NoData',
      reason: 'no samples for the canary or the stable',
      tests,
      evidenceNeeded: { unit: 'samples', amount: minimum },
    };
  }
  if (metric.direction !== 'decrease' && location.eValueHigher >= threshold) {
    return {
      classification: 'High',
      reason: 'canary is higher than stable',
      tests,
    };
  }
  if (metric.direction !== 'increase' && location.eValueLower >= threshold) {
    return {
      classification: 'Low',
      reason: 'canary is lower than stable',
      tests,
    };
  }
  if (spread.eValueHigher >= threshold) {
    return {
      classification: 'High',
      reason: 'canary varies more than stable',
      tests,
    };
  }
  if (location.pairs < minimum) {
    const amount = minimum - location.pairs;
    return {
      classification: 'NoData',
      reason: `inconclusive: about ${amount} more samples needed`,
      tests,
      evidenceNeeded: { unit: 'samples', amount },
    };
  }
  return {
    classification: 'Pass',
    reason: 'no shift in location or spread',
    tests,
  };
}

function judgeCount(
  obs: Extract<MetricObservations, { kind: 'count' }>,
  metric: CanaryMetricConfig,
  alpha: number,
): MetricFinding {
  const tolerance = metric.tolerance ?? ERROR_RATIO_TOLERANCE;
  const asIntervals = errorRatioEvidence(
    [{ requests: obs.canary.exposure, errors: obs.canary.count }],
    [{ requests: obs.stable.exposure, errors: obs.stable.count }],
    tolerance,
  );
  const pValue = sparseCountPValue(obs.canary, obs.stable);
  const tests: TestOutcome[] = [
    {
      test: 'sequential count test (canary more events)',
      value: asIntervals.eValueWorse,
      threshold: 1 / alpha,
      finding: `canary ${obs.canary.count} events, stable ${
        obs.stable.count
      }; exact one-look p = ${fmt(pValue)}`,
    },
  ];
  if (obs.canary.exposure <= 0 || obs.stable.exposure <= 0) {
    return {
      classification: 'NoData',
      reason: 'no exposure for the canary or the stable',
      tests,
    };
  }
  if (metric.direction !== 'decrease' && asIntervals.eValueWorse >= 1 / alpha) {
    return {
      classification: 'High',
      reason: `canary has about ${fmt(
        asIntervals.estimatedRatio,
      )}× the stable's event rate`,
      tests,
    };
  }
  const needed = exposureNeeded(obs.stable, Math.log(1 / alpha));
  if (obs.canary.exposure < needed) {
    const amount = Math.ceil(needed - obs.canary.exposure);
    return {
      classification: 'NoData',
      reason: `inconclusive: about ${amount} more exposure needed`,
      tests,
      evidenceNeeded: { unit: 'exposure', amount },
    };
  }
  return {
    classification: 'Pass',
    reason: 'canary event rate is in line with stable',
    tests,
  };
}

/** Judges one metric: canary against stable. */
export function judgeMetric(
  metric: CanaryMetricConfig,
  obs: MetricObservations,
  config: CanaryJudgeConfig = DEFAULT_JUDGE_CONFIG,
): MetricJudgement {
  const alpha = config.falseAlarmRate ?? 0.01;
  let classified: MetricFinding;
  if (obs.kind === 'errorRatio') {
    classified = classifyErrorRatio(
      errorRatioEvidence(
        obs.canary,
        obs.stable,
        metric.tolerance ?? ERROR_RATIO_TOLERANCE,
      ),
      metric,
      alpha,
    );
  } else if (obs.kind === 'samples') {
    classified = judgeSamples(obs, metric, config);
  } else {
    classified = judgeCount(obs, metric, alpha);
  }
  return {
    name: metric.name,
    group: metric.group,
    critical: metric.critical ?? false,
    mustHaveData: metric.mustHaveData ?? true,
    ...classified,
  };
}

/**
 * Judges a release: every metric canary against stable (or preview against
 * active), then Kayenta's weighted score and a verdict that never passes on
 * missing or thin data.
 */
export function judgeCanary(
  metrics: ReadonlyArray<{
    metric: CanaryMetricConfig;
    observations: MetricObservations;
  }>,
  config: CanaryJudgeConfig = DEFAULT_JUDGE_CONFIG,
): CanaryJudgement {
  return verdictOf(
    metrics.map(m => judgeMetric(m.metric, m.observations, config)),
    config,
  );
}
