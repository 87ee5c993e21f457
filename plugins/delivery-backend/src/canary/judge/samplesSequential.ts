/*
 * Anytime-valid tests for per-interval samples (latency, CPU…), by betting
 * (Shafer, "Testing by betting", JRSS A 2021; Waudby-Smith & Ramdas,
 * "Estimating means of bounded random variables by betting", JRSS B 2023).
 *
 * Canary and stable samples of the same interval form a pair. If the canary
 * behaves like the stable, the two values of a pair are exchangeable, so any
 * odd function g of their difference has mean zero whatever their common
 * distribution. A bettor who stakes a fraction λ ≤ 1 of its wealth on g ∈
 * [−1, 1] each interval, with λ and g fixed before the pair is seen, holds a
 * non-negative martingale: its wealth ∏(1 + λ g) exceeds 1/α with
 * probability at most α, at any time it is looked at (Ville's inequality).
 * An average of such bettors is one too, so a mixture adapts to the size of
 * the shift without peeking at it.
 *
 * The bets are g = tanh(η d / s), with s the mean absolute difference of
 * earlier pairs, so the bet is fixed before its outcome is known (the sign
 * of d until there is one; the mean absolute difference rather than the
 * standard deviation, which one slow request sways more). With
 * λ = 1 the factor 1 + tanh(θ d) = 2 / (1 + e^(−2θd)) is the likelihood
 * ratio of a normal shift d ~ N(μ, v), θ = μ/v, against its mirror image:
 * the growth-optimal bet against that shift among all that keep the
 * symmetric null a martingale. Smaller stakes and wider or narrower scales
 * keep the wealth growing when the differences are heavy-tailed or skewed,
 * where the all-in bets lose.
 *
 * What remains to pay is learning the shift: about ½·log n of log-wealth
 * over n pairs, which no predictable stake avoids (the universal-coding
 * bound). In simulation, plug-in stakes (aGRAPA, online Newton step) and
 * de la Peña's normal mixture on self-normalized differences were no
 * faster on normal shifts, and all-in bets alone, scaled by the standard
 * deviation, were far slower on heavy-tailed latency. Written here because
 * no maintained package implements e-processes; the module stays pure and
 * dependency-free.
 *
 * The spread test bets the same way on |canary − m| − |stable − m|, with m
 * the mean of all earlier samples of both sides: exchangeable pairs keep
 * this difference symmetric, a wider canary makes it positive (Kayenta's
 * location test misses that, spinnaker/kayenta#780).
 */

/** Scales of the bet, η, in units of the mean absolute difference. */
const SCALES = [0.5, 1, 2];
/** Fractions of the wealth staked, λ; 1 is the likelihood-ratio bet. */
const STAKES = [0.1, 0.2, 0.35, 0.5, 0.7, 0.9, 1];
const BETS = SCALES.flatMap(scale => STAKES.map(stake => ({ scale, stake })));

/** log(1 + λ·tanh(x)), exact for λ = 1 where tanh(x) rounds to −1. */
function logFactor(stake: number, x: number) {
  if (stake === 1 && x < 0) {
    // 1 + tanh(x) = 2 / (1 + e^(−2x)) = 2·e^(2x) / (1 + e^(2x))
    return Math.LN2 + 2 * x - Math.log1p(Math.exp(2 * x));
  }
  return Math.log1p(stake * Math.tanh(x));
}

function logMeanExp(values: Float64Array) {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum / values.length);
}

/** The e-value of a log-wealth, finite so that it can be shown and sent. */
function eValue(logWealth: number) {
  return Math.min(Math.exp(logWealth), Number.MAX_VALUE);
}

export interface BettingEvidence {
  /** Evidence that the canary's values are higher (e-value). */
  eValueHigher: number;
  /** Evidence that they are lower. */
  eValueLower: number;
  pairs: number;
}

/** Bets on the sign of symmetric differences, one at a time. */
export class SymmetryBettor {
  // Log-wealth of each bet on the canary being higher, and lower.
  private readonly up = new Float64Array(BETS.length);
  private readonly down = new Float64Array(BETS.length);
  private seen = 0;
  private absoluteSum = 0;

  add(d: number) {
    // Before any difference sets a scale, bet on the sign alone (the
    // limit of tanh as the scale goes to 0), so that the first pairs count.
    const scale = this.seen > 0 ? this.absoluteSum / this.seen : 0;
    const x = scale > 0 ? d / scale : Math.sign(d) * Infinity;
    if (x !== 0 && !Number.isNaN(x)) {
      for (let i = 0; i < BETS.length; i++) {
        const { stake, scale: eta } = BETS[i];
        this.up[i] += logFactor(stake, eta * x);
        this.down[i] += logFactor(stake, -eta * x);
      }
    }
    this.seen++;
    this.absoluteSum += Math.abs(d);
  }

  wealth(): { higher: number; lower: number } {
    return {
      higher: eValue(logMeanExp(this.up)),
      lower: eValue(logMeanExp(this.down)),
    };
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
