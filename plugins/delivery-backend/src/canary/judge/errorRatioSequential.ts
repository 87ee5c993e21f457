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

/**
 * Accumulates the log likelihood ratios of every alternative one interval at
 * a time, so that the evidence after each scrape costs O(alternatives): the
 * judge feeds it a whole window, the detection benchmark one interval at a
 * time.
 */
export class ErrorRatioAccumulator {
  private readonly limit: number;
  private readonly noWorseRatios: number[];
  private readonly worseLogs = WORSE_RATIOS.map(() => 0);
  private readonly noWorseLogs: number[];
  private canaryRequests = 0;
  private canaryErrors = 0;
  private stableRequests = 0;
  private stableErrors = 0;

  constructor(tolerance: number) {
    this.limit = 1 + tolerance;
    this.noWorseRatios = logSpaced(this.limit / 20, this.limit / 1.05, 32);
    this.noWorseLogs = this.noWorseRatios.map(() => 0);
  }

  add(canary: RequestCounts, stable: RequestCounts): void {
    const cr = Math.max(0, canary.requests);
    const ce = Math.max(0, canary.errors);
    const sr = Math.max(0, stable.requests);
    const se = Math.max(0, stable.errors);
    this.canaryRequests += cr;
    this.canaryErrors += ce;
    this.stableRequests += sr;
    this.stableErrors += se;
    if (cr === 0 || sr === 0 || ce + se === 0) return;
    const w = cr / (cr + sr);
    const update = (logs: number[], alternatives: number[], theta0: number) => {
      const q0 = shareOfFailures(theta0, w);
      alternatives.forEach((theta1, i) => {
        const q1 = shareOfFailures(theta1, w);
        logs[i] += ce * Math.log(q1 / q0) + se * Math.log((1 - q1) / (1 - q0));
      });
    };
    update(this.worseLogs, WORSE_RATIOS, 1);
    update(this.noWorseLogs, this.noWorseRatios, this.limit);
  }

  evidence(): ErrorRatioEvidence {
    const { canaryRequests, canaryErrors, stableRequests, stableErrors } = this;
    return {
      eValueWorse: Math.exp(logMeanExp(this.worseLogs)),
      eValueNoWorse: Math.exp(logMeanExp(this.noWorseLogs)),
      estimatedRatio:
        canaryRequests > 0 && stableRequests > 0
          ? (canaryErrors + 0.5) /
            canaryRequests /
            ((stableErrors + 0.5) / stableRequests)
          : NaN,
      canaryRequests,
      canaryErrors,
      stableRequests,
      stableErrors,
    };
  }
}

/** The evidence of aligned canary and stable intervals. */
export function errorRatioEvidence(
  canary: readonly RequestCounts[],
  stable: readonly RequestCounts[],
  tolerance: number,
): ErrorRatioEvidence {
  const accumulator = new ErrorRatioAccumulator(tolerance);
  const n = Math.min(canary.length, stable.length);
  for (let i = 0; i < n; i++) accumulator.add(canary[i], stable[i]);
  return accumulator.evidence();
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
