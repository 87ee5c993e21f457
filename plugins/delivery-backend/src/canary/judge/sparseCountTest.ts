import { binomialUpperTail } from './distributions';
import { EventCount } from './types';

/**
 * Exact test that the canary's event rate exceeds the stable's, for sparse
 * events (errors, restarts, panics) where per-interval values are mostly zero
 * and rank tests see only ties (spinnaker/kayenta#426). Given the total
 * number of events, the canary's share is Binomial(total, canary exposure /
 * total exposure) when the rates are equal; the p-value is that binomial's
 * upper tail, as R's `poisson.test(c(x, y), c(tx, ty), alternative = "greater")`.
 */
export function sparseCountPValue(
  canary: EventCount,
  stable: EventCount,
): number {
  const total = canary.count + stable.count;
  const exposure = canary.exposure + stable.exposure;
  if (total === 0 || exposure <= 0 || canary.exposure <= 0) return 1;
  return binomialUpperTail(canary.count, total, canary.exposure / exposure);
}

/**
 * Canary exposure needed before a count metric may pass: enough that, at the
 * stable's rate (one event added, so a stable without events still counts),
 * the canary would be expected to show `expectedEvents` events.
 */
export function exposureNeeded(
  stable: EventCount,
  expectedEvents: number,
): number {
  const rate = (stable.count + 1) / Math.max(stable.exposure, Number.MIN_VALUE);
  return expectedEvents / rate;
}
