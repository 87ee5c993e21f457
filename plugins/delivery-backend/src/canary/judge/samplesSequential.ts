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

/** Bets on the sign of symmetric differences, one at a time. */
class SymmetryBettor {
  private readonly up = STAKES.map(() => 0);
  private readonly down = STAKES.map(() => 0);
  private seen = 0;
  private absoluteSum = 0;

  add(d: number) {
    // The first differences only set the scale.
    const scale = this.seen >= 2 ? this.absoluteSum / this.seen : 0;
    if (scale > 0) {
      const g = Math.tanh(d / scale);
      STAKES.forEach((lambda, i) => {
        this.up[i] += Math.log1p(lambda * g);
        this.down[i] += Math.log1p(-lambda * g);
      });
    }
    this.seen++;
    this.absoluteSum += Math.abs(d);
  }

  wealth(): { higher: number; lower: number } {
    const mean = (logs: number[]) =>
      logs.reduce((s, l) => s + Math.exp(l), 0) / logs.length;
    return { higher: mean(this.up), lower: mean(this.down) };
  }
}

/**
 * Location and spread evidence of aligned canary and stable samples, fed one
 * interval at a time (the judge feeds a window, the benchmark each scrape).
 */
export class SamplesAccumulator {
  private readonly location = new SymmetryBettor();
  private readonly spread = new SymmetryBettor();
  private pairs = 0;
  private earlierSum = 0;
  private earlierCount = 0;

  add(canary: number, stable: number): void {
    if (!Number.isFinite(canary) || !Number.isFinite(stable)) return;
    this.pairs++;
    this.location.add(canary - stable);
    if (this.earlierCount >= 2) {
      const m = this.earlierSum / this.earlierCount;
      this.spread.add(Math.abs(canary - m) - Math.abs(stable - m));
    }
    this.earlierSum += canary + stable;
    this.earlierCount += 2;
  }

  evidence(): { location: BettingEvidence; spread: BettingEvidence } {
    const location = this.location.wealth();
    const spread = this.spread.wealth();
    return {
      location: {
        eValueHigher: location.higher,
        eValueLower: location.lower,
        pairs: this.pairs,
      },
      spread: {
        eValueHigher: spread.higher,
        eValueLower: spread.lower,
        pairs: this.pairs,
      },
    };
  }
}

/** Location and spread evidence of aligned canary and stable samples. */
export function samplesEvidence(
  canary: readonly number[],
  stable: readonly number[],
) {
  const accumulator = new SamplesAccumulator();
  const n = Math.min(canary.length, stable.length);
  for (let i = 0; i < n; i++) accumulator.add(canary[i], stable[i]);
  return accumulator.evidence();
}
