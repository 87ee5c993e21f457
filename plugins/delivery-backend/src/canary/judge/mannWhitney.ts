import { normalCdf, normalQuantile } from './distributions';

/** The outcome of a two-sided Mann-Whitney U (Wilcoxon rank-sum) test of x against y. */
export interface MannWhitneyResult {
  /** W: the rank sum of x minus its minimum, as R's wilcox.test reports it. */
  statistic: number;
  /** Two-sided p-value, normal approximation with continuity and tie correction. */
  pValue: number;
  /** Hodges-Lehmann estimate of the location shift x - y. */
  estimate: number;
  /** Confidence interval of the shift at the requested level. */
  confidenceInterval: [number, number];
}

/** Ranks with ties averaged (R's rank(ties.method = "average")). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = rank;
    i = j + 1;
  }
  return ranks;
}

function tieTerm(ranks: number[]): number {
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  let sum = 0;
  for (const t of counts.values()) sum += t * t * t - t;
  return sum;
}

/**
 * The standardised rank-sum of x - shift against y, minus zq: the function
 * whose roots are the confidence bounds and the estimate (R's wilcox.test
 * `wdiff`, which Kayenta's MannWhitney.wilcoxonDiff ports).
 */
function standardisedShift(
  shift: number,
  zq: number,
  x: readonly number[],
  y: readonly number[],
): number {
  // x and y arrive sorted, so x - shift stays sorted and one merge ranks
  // both samples (with ties averaged) in O(n) instead of a sort per step.
  const nx = x.length;
  const ny = y.length;
  let i = 0;
  let j = 0;
  let position = 0;
  let rankSumX = 0;
  let ties = 0;
  while (i < nx || j < ny) {
    const value = Math.min(
      i < nx ? x[i] - shift : Infinity,
      j < ny ? y[j] : Infinity,
    );
    let fromX = 0;
    let fromY = 0;
    while (i < nx && x[i] - shift === value) {
      i++;
      fromX++;
    }
    while (j < ny && y[j] === value) {
      j++;
      fromY++;
    }
    const t = fromX + fromY;
    rankSumX += fromX * (position + (t + 1) / 2);
    ties += t * t * t - t;
    position += t;
  }
  const dz = rankSumX - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
  const correction = Math.sign(dz) * 0.5;
  const sigma = Math.sqrt(
    ((nx * ny) / 12) * (nx + ny + 1 - ties / ((nx + ny) * (nx + ny - 1))),
  );
  if (sigma === 0) {
    throw new Error(
      'cannot compute a confidence interval when all observations are tied',
    );
  }
  return (dz - correction) / sigma - zq;
}

/** The pairwise difference x[i] - y[j] nearest to target, in O(n log n). */
function nearestDifference(
  target: number,
  x: readonly number[],
  y: readonly number[],
): number {
  const sortedY = [...y].sort((a, b) => a - b);
  let nearest = NaN;
  let distance = Infinity;
  for (const a of x) {
    // a - y[j] is nearest target where y[j] is nearest a - target.
    const want = a - target;
    let lo = 0;
    let hi = sortedY.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedY[mid] < want) lo = mid + 1;
      else hi = mid;
    }
    for (const j of [lo - 1, lo]) {
      if (j < 0 || j >= sortedY.length) continue;
      const d = a - sortedY[j];
      if (Math.abs(d - target) < distance) {
        distance = Math.abs(d - target);
        nearest = d;
      }
    }
  }
  return nearest;
}

/*
 * standardisedShift is a non-increasing step function of the shift that
 * jumps only at pairwise differences x[i] - y[j], so its crossing is one of
 * them: bisection narrows it down and the result is snapped to the nearest
 * difference. R and Kayenta use uniroot/Brent with a 1e-4 tolerance and land
 * within that tolerance of the same point; snapping keeps exact ties exact
 * (a crossing at 0 stays 0), which decides Kayenta's strict comparisons.
 */
function crossing(
  zq: number,
  x: readonly number[],
  y: readonly number[],
  low: number,
  high: number,
): number {
  if (standardisedShift(low, zq, x, y) <= 0) return low;
  if (standardisedShift(high, zq, x, y) >= 0) return high;
  let lo = low;
  let hi = high;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (standardisedShift(mid, zq, x, y) > 0) lo = mid;
    else hi = mid;
  }
  const found = (lo + hi) / 2;
  const nearest = nearestDifference(found, x, y);
  const distance = Math.abs(nearest - found);
  return distance <= 1e-9 * Math.max(1, Math.abs(nearest)) ? nearest : found;
}

/**
 * Two-sample, two-sided Mann-Whitney U test with the Hodges-Lehmann shift
 * estimate and its confidence interval, as R's
 * `wilcox.test(x, y, conf.int = TRUE, exact = FALSE, correct = TRUE)` and
 * Kayenta's kayenta-mannwhitney compute them. Both samples must be non-empty.
 */
/** W and the two-sided p-value alone, without the interval's root finding. */
export function mannWhitneyStatistic(
  x: readonly number[],
  y: readonly number[],
): { statistic: number; pValue: number } {
  if (x.length === 0 || y.length === 0) {
    throw new Error(
      'the Mann-Whitney test needs at least one value in each sample',
    );
  }
  const nx = x.length;
  const ny = y.length;
  const ranks = averageRanks([...x, ...y]);
  let rankSumX = 0;
  for (let i = 0; i < nx; i++) rankSumX += ranks[i];
  const statistic = rankSumX - (nx * (nx + 1)) / 2;
  const z0 = statistic - (nx * ny) / 2;
  const sigma = Math.sqrt(
    ((nx * ny) / 12) *
      (nx + ny + 1 - tieTerm(ranks) / ((nx + ny) * (nx + ny - 1))),
  );
  const z = sigma === 0 ? 0 : (z0 - Math.sign(z0) * 0.5) / sigma;
  const pValue =
    sigma === 0 ? 1 : Math.min(1, 2 * Math.min(normalCdf(z), 1 - normalCdf(z)));
  return { statistic, pValue };
}

export function mannWhitneyTest(
  x: readonly number[],
  y: readonly number[],
  confidenceLevel: number,
): MannWhitneyResult {
  const { statistic, pValue } = mannWhitneyStatistic(x, y);
  const sx = [...x].sort((a, b) => a - b);
  const sy = [...y].sort((a, b) => a - b);
  const low = Math.min(...x) - Math.max(...y);
  const high = Math.max(...x) - Math.min(...y);
  const alpha = 1 - confidenceLevel;
  const zq = normalQuantile(1 - alpha / 2);
  const confidenceInterval: [number, number] = [
    crossing(zq, sx, sy, low, high),
    crossing(-zq, sx, sy, low, high),
  ];
  const estimate = crossing(0, sx, sy, low, high);
  return { statistic, pValue, estimate, confidenceInterval };
}
