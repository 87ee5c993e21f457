import { mannWhitneyStatistic, mannWhitneyTest } from './mannWhitney';
import { MetricClassification, MetricDirection, TestOutcome } from './types';

/** Kayenta's NetflixACAJudge settings: a 98 % interval and a 0.25 tolerance. */
export const KAYENTA_CONFIDENCE = 0.98;
export const KAYENTA_TOLERANCE = 0.25;

export interface KayentaClassification {
  classification: MetricClassification;
  reason: string;
  test?: TestOutcome;
}

function mean(values: readonly number[]) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function sameMultiset(a: readonly number[], b: readonly number[]) {
  if (a.length !== b.length) return false;
  const sa = [...a].sort((p, q) => p - q);
  const sb = [...b].sort((p, q) => p - q);
  return sa.every((v, i) => v === sb[i]);
}

/**
 * Kayenta's MannWhitneyClassifier (kayenta-judge, classifiers/metric): the
 * canary is High when the lower bound of the 98 % interval of the
 * Hodges-Lehmann shift lies above tolerance × |estimate|, Low when the upper
 * bound lies below −tolerance × |estimate|, and its mean ratio passes the
 * allowed effect size (1.0 by default, i.e. any increase/decrease).
 * Identical or all-equal data pass; empty data is NoData.
 */
export function classifyLikeKayenta(
  canary: readonly number[],
  stable: readonly number[],
  direction: MetricDirection,
  tolerance = KAYENTA_TOLERANCE,
  confidence = KAYENTA_CONFIDENCE,
): KayentaClassification {
  const c = canary.filter(Number.isFinite);
  const s = stable.filter(Number.isFinite);
  if (c.length === 0 || s.length === 0) {
    return {
      classification: 'NoData',
      reason: 'no data for the canary or the stable',
    };
  }
  if (sameMultiset(c, s) || new Set([...c, ...s]).size === 1) {
    return {
      classification: 'Pass',
      reason: 'canary and stable data are identical',
    };
  }
  // The interval excludes 0 exactly when the test at shift 0 rejects, and a
  // High/Low needs it to exclude 0; so a test that does not reject passes
  // without the interval's root finding.
  const quick = mannWhitneyStatistic(c, s);
  if (quick.pValue >= 1 - confidence) {
    return {
      classification: 'Pass',
      reason: 'no shift beyond the tolerance (Mann-Whitney)',
      test: {
        test: `Mann-Whitney test at ${confidence * 100} %`,
        value: quick.pValue,
        threshold: 1 - confidence,
        finding: `no significant shift, p = ${quick.pValue.toPrecision(2)}`,
      },
    };
  }
  const result = mannWhitneyTest(c, s, confidence);
  const bound = tolerance * Math.abs(result.estimate);
  const ratio = mean(c) / mean(s);
  const [lower, upper] = result.confidenceInterval;
  const test: TestOutcome = {
    test: `Mann-Whitney ${confidence * 100} % interval of the shift`,
    value: result.estimate,
    threshold: bound,
    finding: `shift ${result.estimate.toPrecision(
      3,
    )}, interval [${lower.toPrecision(3)}, ${upper.toPrecision(
      3,
    )}], p = ${result.pValue.toPrecision(2)}`,
  };
  const ratioHigh = Number.isNaN(ratio) || ratio >= 1;
  const ratioLow = Number.isNaN(ratio) || ratio <= 1;
  if (direction !== 'decrease' && lower > bound && ratioHigh) {
    return {
      classification: 'High',
      reason: 'canary is higher than stable (Mann-Whitney)',
      test,
    };
  }
  if (direction !== 'increase' && upper < -bound && ratioLow) {
    return {
      classification: 'Low',
      reason: 'canary is lower than stable (Mann-Whitney)',
      test,
    };
  }
  return {
    classification: 'Pass',
    reason: 'no shift beyond the tolerance (Mann-Whitney)',
    test,
  };
}
