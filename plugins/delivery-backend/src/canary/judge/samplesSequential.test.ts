import { classifySamples, DEFAULT_JUDGE_CONFIG } from './canaryJudge';
import { SamplesAccumulator, SymmetryBettor } from './samplesSequential';
import { CanaryMetricConfig } from './types';
import { seededRandom, SeededRandom } from '../simulation/seededRandom';

const latency: CanaryMetricConfig = {
  name: 'latency-p95',
  group: 'latency',
  direction: 'increase',
};

type Draw = (random: SeededRandom) => number;
const normal: Draw = random => 100 + 10 * random.normal();
/** Skewed and heavy-tailed, as latency is. */
const logNormal: Draw = random => 80 * Math.exp(0.8 * random.normal());

/**
 * Runs of canary and stable drawn interval by interval, with the judge's
 * classification looked at after every interval: the interval of the first
 * High and its reason, or undefined when the run never fails.
 */
function firstHigh(
  runs: number,
  looks: number,
  seed: number,
  canary: Draw,
  stable: Draw,
) {
  const random = seededRandom(seed);
  return Array.from({ length: runs }, () => {
    const accumulator = new SamplesAccumulator();
    for (let look = 1; look <= looks; look++) {
      accumulator.add(canary(random), stable(random));
      const finding = classifySamples(
        accumulator.evidence(),
        latency,
        DEFAULT_JUDGE_CONFIG,
      );
      if (finding.classification === 'High') {
        return { look, reason: finding.reason };
      }
    }
    return undefined;
  });
}

/** The share of runs in which each direction's e-value ever reached 1/α. */
function everReached(
  runs: number,
  looks: number,
  seed: number,
  draw: Draw,
  alpha: number,
) {
  const random = seededRandom(seed);
  let higher = 0;
  let lower = 0;
  for (let run = 0; run < runs; run++) {
    const bettor = new SymmetryBettor();
    let seenHigher = false;
    let seenLower = false;
    for (let look = 0; look < looks; look++) {
      bettor.add(draw(random) - draw(random));
      const wealth = bettor.wealth();
      seenHigher ||= wealth.higher >= 1 / alpha;
      seenLower ||= wealth.lower >= 1 / alpha;
    }
    if (seenHigher) higher++;
    if (seenLower) lower++;
  }
  return { higher: higher / runs, lower: lower / runs };
}

function quantile(looks: (number | undefined)[], p: number) {
  const sorted = looks.map(l => l ?? Infinity).sort((a, b) => a - b);
  return sorted[Math.ceil(p * sorted.length) - 1];
}

describe('sequential samples test', () => {
  // Ville's inequality bounds the chance that an e-value ever reaches 1/α by
  // α, however often it is looked at; a bet that peeked at the pair it bets
  // on, or a scale taken from it, breaks that. (The detection benchmark
  // checks the judge over 1,000 runs of 1,000 looks; the runs here are fewer
  // because Jest's sandbox makes Math.tanh and Math.log1p about ten times
  // slower than Node does.)
  it('keeps each direction under its false-alarm rate on identical normal samples looked at 200 times, 1,000 runs', () => {
    const alpha = 0.05;
    const rates = everReached(1000, 200, 11, normal, alpha);
    expect(rates.higher).toBeLessThanOrEqual(alpha);
    expect(rates.lower).toBeLessThanOrEqual(alpha);
    // A test that never bets would pass the line above; this one bets.
    expect(rates.higher).toBeGreaterThan(0);
  });

  it('keeps the judge, location and spread tests together, under 1 % false alarms on identical skewed samples looked at 200 times', () => {
    const alarms = firstHigh(400, 200, 12, logNormal, logNormal);
    expect(alarms.filter(Boolean).length / 400).toBeLessThanOrEqual(0.01);
  });

  it('fails a canary 0.5 SD slower within about 100 intervals (median), 170 for 80 % of runs', () => {
    const slower: Draw = random => normal(random) + 5;
    const found = firstHigh(200, 400, 13, slower, normal);
    const looks = found.map(f => f?.look);
    expect(quantile(looks, 0.5)).toBeLessThanOrEqual(110);
    expect(quantile(looks, 0.8)).toBeLessThanOrEqual(170);
    expect(found.every(f => f?.reason === 'canary is higher than stable')).toBe(
      true,
    );
  });

  it('fails a canary 1 SD slower within about 35 intervals (median)', () => {
    const slower: Draw = random => normal(random) + 10;
    const looks = firstHigh(200, 200, 14, slower, normal).map(f => f?.look);
    expect(quantile(looks, 0.5)).toBeLessThanOrEqual(36);
    expect(quantile(looks, 0.8)).toBeLessThanOrEqual(50);
  });

  it('fails a canary 40 ms slower with heavy-tailed latency (SD about 100 ms), where one slow request must not swamp the scale', () => {
    const slower: Draw = random => logNormal(random) + 40;
    const looks = firstHigh(200, 400, 15, slower, logNormal).map(f => f?.look);
    expect(quantile(looks, 0.5)).toBeLessThanOrEqual(100);
    expect(quantile(looks, 0.95)).toBeLessThanOrEqual(220);
  });

  it('fails a canary twice as variable around the same centre as varying more, not as slower', () => {
    const wider: Draw = random => 100 + 20 * random.normal();
    const found = firstHigh(200, 400, 16, wider, normal);
    const looks = found.map(f => f?.look);
    expect(quantile(looks, 0.5)).toBeLessThanOrEqual(60);
    expect(quantile(looks, 0.95)).toBeLessThanOrEqual(120);
    const reasons = found.map(f => f?.reason);
    expect(
      reasons.filter(r => r === 'canary varies more than stable').length,
    ).toBeGreaterThanOrEqual(0.95 * 200);
  });

  it('counts the first pairs by their sign, and equal values as no evidence either way', () => {
    const accumulator = new SamplesAccumulator();
    accumulator.add(100, 100);
    accumulator.add(100, 100);
    expect(accumulator.evidence().location).toEqual({
      eValueHigher: 1,
      eValueLower: 1,
      pairs: 2,
    });
    accumulator.add(101, 100);
    const { eValueHigher, eValueLower } = accumulator.evidence().location;
    expect(eValueHigher).toBeGreaterThan(1);
    expect(eValueLower).toBeLessThan(1);
    expect(eValueHigher + eValueLower).toBeCloseTo(2, 10);
  });
});
