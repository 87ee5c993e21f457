/*
 * Anytime-valid tests for per-interval samples (latency, CPU…), by betting.
 *
 * Canary and stable samples of the same interval form a pair. If the canary
 * behaves like the stable, the two values of a pair are exchangeable, so any
 * odd function g of their difference has mean zero whatever their common
 * distribution. A bettor who stakes a fraction λ of its wealth on g each
 * interval then holds a non-negative martingale: its wealth ∏(1 + λ g) exceeds
 * 1/α with probability at most α, at any time it is looked at (Ville's
 * inequality). Averaging the wealth of bettors with different λ keeps the
 * guarantee and adapts to the size of the shift. g = tanh(d / scale), with the
 * scale (mean absolute difference) taken from earlier pairs only, so each bet
 * is fixed before its outcome is known; running means keep a judgement linear
 * in the number of intervals.
 *
 * The spread test bets the same way on |canary − m| − |stable − m|, with m
 * the mean of all earlier samples of both sides: exchangeable pairs keep
 * this difference symmetric, a wider canary makes it positive (Kayenta's
 * location test misses that, spinnaker/kayenta#780).
 */

const STAKES = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9];

export interface BettingEvidence {
  /** Evidence that the canary's values are higher (e-value). */
  eValueHigher: number;
  /** Evidence that they are lower. */
  eValueLower: number;
  pairs: number;
}

function bet(differences: readonly number[]): BettingEvidence {
  const up = STAKES.map(() => 0);
  const down = STAKES.map(() => 0);
  let seen = 0;
  let absoluteSum = 0;
  let pairs = 0;
  for (const d of differences) {
    if (!Number.isFinite(d)) continue;
    pairs++;
    // The first pairs only set the scale.
    const scale = seen >= 2 ? absoluteSum / seen : 0;
    if (scale > 0) {
      const g = Math.tanh(d / scale);
      STAKES.forEach((lambda, i) => {
        up[i] += Math.log1p(lambda * g);
        down[i] += Math.log1p(-lambda * g);
      });
    }
    seen++;
    absoluteSum += Math.abs(d);
  }
  const meanWealth = (logs: number[]) =>
    logs.reduce((s, l) => s + Math.exp(l), 0) / logs.length;
  return { eValueHigher: meanWealth(up), eValueLower: meanWealth(down), pairs };
}

function pairsOf(canary: readonly number[], stable: readonly number[]) {
  const n = Math.min(canary.length, stable.length);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(canary[i]) && Number.isFinite(stable[i]))
      pairs.push([canary[i], stable[i]]);
  }
  return pairs;
}

/** Evidence of a shift in location between aligned canary and stable samples. */
export function locationEvidence(
  canary: readonly number[],
  stable: readonly number[],
): BettingEvidence {
  return bet(pairsOf(canary, stable).map(([c, s]) => c - s));
}

/** Evidence of a change in spread between aligned canary and stable samples. */
export function spreadEvidence(
  canary: readonly number[],
  stable: readonly number[],
): BettingEvidence {
  const pairs = pairsOf(canary, stable);
  let earlierSum = 0;
  let earlierCount = 0;
  const differences: number[] = [];
  for (const [c, s] of pairs) {
    if (earlierCount >= 2) {
      const m = earlierSum / earlierCount;
      differences.push(Math.abs(c - m) - Math.abs(s - m));
    }
    earlierSum += c + s;
    earlierCount += 2;
  }
  const evidence = bet(differences);
  return { ...evidence, pairs: pairs.length };
}
