import { LatencyMs } from './profiles';

/**
 * Latency distributions: each revision's latency is a log-normal fitted to
 * its p50 and p95, which gives histogram buckets and quantiles of mixtures.
 */

const Z95 = 1.6448536269514722;

/** Abramowitz-Stegun erf approximation (|error| < 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) *
      t +
      0.254829592) *
      t *
      Math.exp(-ax * ax);
  return sign * y;
}

export interface LogNormal {
  mu: number;
  sigma: number;
}

export function fitLogNormal(latencyMs: LatencyMs): LogNormal {
  const p50 = latencyMs.p50 / 1000;
  const p95 = Math.max(latencyMs.p95, latencyMs.p50 * 1.0001) / 1000;
  return { mu: Math.log(p50), sigma: (Math.log(p95) - Math.log(p50)) / Z95 };
}

/** P(latency <= seconds) */
export function cdf(d: LogNormal, seconds: number): number {
  if (seconds <= 0) return 0;
  return 0.5 * (1 + erf((Math.log(seconds) - d.mu) / (d.sigma * Math.SQRT2)));
}

export function mean(d: LogNormal): number {
  return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
}

/** Quantile of a weighted mixture of log-normals, by bisection on the mixture CDF. */
export function mixtureQuantile(
  parts: Array<{ weight: number; dist: LogNormal }>,
  q: number,
): number {
  const total = parts.reduce((n, p) => n + p.weight, 0);
  if (total <= 0) return Number.NaN;
  const mixCdf = (x: number) =>
    parts.reduce((n, p) => n + p.weight * cdf(p.dist, x), 0) / total;
  let lo = 1e-5;
  let hi = 120;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (mixCdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

export const HISTOGRAM_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
