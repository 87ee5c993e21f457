import { RequestCounts } from './types';

/*
 * An anytime-valid test of the canary's error rate against the stable's.
 *
 * Within one interval, given the total number of failed requests k and the
 * requests each side served, the canary's share of the failures is (close to)
 * Binomial(k, q) with q = θw / (θw + 1 − w), where w is the canary's share of
 * the requests and θ the ratio of the canary's error rate to the stable's.
 * Conditioning on k removes the unknown stable error rate. For any fixed θ₁
 * the product over intervals of the likelihood ratio of θ₁ against θ₀ is a
 * non-negative martingale when the truth is θ₀ (a supermartingale for truths
 * on the far side of θ₀, and when the counts are hypergeometric rather than
 * binomial), and so is any average of them over θ₁. Ville's inequality then
 * bounds the chance that the average ever reaches 1/α by α: the test may be
 * looked at after every scrape without inflating false alarms.
 */

const WORSE_RATIOS = logSpaced(1.05, 20, 32);

function logSpaced(from: number, to: number, count: number): number[] {
  const a = Math.log(from);
  const b = Math.log(to);
  return Array.from({ length: count }, (_, i) =>
    Math.exp(a + ((b - a) * i) / (count - 1)),
  );
}

function shareOfFailures(theta: number, w: number) {
  return (theta * w) / (theta * w + 1 - w);
}

function logMeanExp(values: number[]) {
  const max = Math.max(...values);
  if (max === -Infinity) return -Infinity;
  return (
    max +
    Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0) / values.length)
  );
}

/** log of the mixture likelihood ratio of the alternatives against θ₀. */
function logMixtureRatio(
  canary: readonly RequestCounts[],
  stable: readonly RequestCounts[],
  theta0: number,
  alternatives: number[],
) {
  const logs = alternatives.map(theta1 => {
    let sum = 0;
    const n = Math.min(canary.length, stable.length);
    for (let i = 0; i < n; i++) {
      const c = canary[i];
      const s = stable[i];
      if (c.requests <= 0 || s.requests <= 0 || c.errors + s.errors === 0)
        continue;
      const w = c.requests / (c.requests + s.requests);
      const q0 = shareOfFailures(theta0, w);
      const q1 = shareOfFailures(theta1, w);
      sum +=
        c.errors * Math.log(q1 / q0) + s.errors * Math.log((1 - q1) / (1 - q0));
    }
    return sum;
  });
  return logMeanExp(logs);
}

export interface ErrorRatioEvidence {
  /** Evidence that the canary fails more often than the stable (e-value). */
  eValueWorse: number;
  /** Evidence that the canary's error rate is below (1 + tolerance) × the stable's. */
  eValueNoWorse: number;
  /** The canary/stable error-rate ratio the counts point at (0.5 added to each count). */
  estimatedRatio: number;
  canaryRequests: number;
  canaryErrors: number;
  stableRequests: number;
  stableErrors: number;
}

function totals(series: readonly RequestCounts[]) {
  return series.reduce(
    (acc, c) => ({
      requests: acc.requests + Math.max(0, c.requests),
      errors: acc.errors + Math.max(0, c.errors),
    }),
    { requests: 0, errors: 0 },
  );
}

export function errorRatioEvidence(
  canary: readonly RequestCounts[],
  stable: readonly RequestCounts[],
  tolerance: number,
): ErrorRatioEvidence {
  const limit = 1 + tolerance;
  const noWorseRatios = logSpaced(limit / 20, limit / 1.05, 32);
  const c = totals(canary);
  const s = totals(stable);
  const estimatedRatio =
    c.requests > 0 && s.requests > 0
      ? (c.errors + 0.5) / c.requests / ((s.errors + 0.5) / s.requests)
      : NaN;
  return {
    eValueWorse: Math.exp(logMixtureRatio(canary, stable, 1, WORSE_RATIOS)),
    eValueNoWorse: Math.exp(
      logMixtureRatio(canary, stable, limit, noWorseRatios),
    ),
    estimatedRatio,
    canaryRequests: c.requests,
    canaryErrors: c.errors,
    stableRequests: s.requests,
    stableErrors: s.errors,
  };
}

function bernoulliKl(p: number, q: number) {
  return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
}

/**
 * About how many more canary requests the test needs to reach a decision if
 * the rates stay as estimated: the failures needed for the expected log
 * evidence (Kullback-Leibler divergence per failure) to reach log(1/α), plus
 * a margin for the mixture, turned into requests at the pooled error rate.
 * With no failures at all, the zero-failure rule's request count is used.
 */
export function requestsStillNeeded(
  evidence: ErrorRatioEvidence,
  tolerance: number,
  alpha: number,
  zeroErrorFloor: number,
): number {
  const { canaryRequests, stableRequests, canaryErrors, stableErrors } =
    evidence;
  const total = canaryRequests + stableRequests;
  const w = total > 0 ? canaryRequests / total : 0.5;
  const errors = canaryErrors + stableErrors;
  if (errors === 0 || total === 0) {
    return Math.max(
      1,
      Math.ceil(requestsForZeroErrors(alpha, zeroErrorFloor) - canaryRequests),
    );
  }
  const ratio = Math.min(Math.max(evidence.estimatedRatio, 1e-3), 1e3);
  const limit = 1 + tolerance;
  const q = shareOfFailures(ratio, w);
  // Toward whichever decision the estimate points at.
  const kl =
    ratio < limit
      ? bernoulliKl(q, shareOfFailures(limit, w))
      : bernoulliKl(q, shareOfFailures(1, w));
  const errorsNeeded = (Math.log(1 / alpha) + 2) / Math.max(kl, 1e-6);
  const moreErrors = Math.max(1, errorsNeeded - errors);
  const pooledErrorRate = errors / total;
  return Math.max(1, Math.ceil((moreErrors / pooledErrorRate) * w));
}

/**
 * Requests without a single failure after which the canary's error rate is
 * shown to be below the floor: the likelihood ratio of "no failures" under
 * rate 0 against rate `floor` is (1 − floor)^−n.
 */
export function requestsForZeroErrors(alpha: number, floor: number): number {
  return Math.log(1 / alpha) / -Math.log1p(-floor);
}
