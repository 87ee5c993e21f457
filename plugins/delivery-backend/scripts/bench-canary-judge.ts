/*
 * Detection benchmark of the canary judge, seeded, in one run:
 *
 *   cd plugins/delivery-backend
 *   yarn bench:canary-judge [--runs 1000] [--seed 1] [--only latency]
 *
 * For each scenario it simulates canary and stable side by side, one scrape
 * interval at a time, and reports, for
 *   - our judge, looked at after every interval (sequential, anytime-valid),
 *   - a Kayenta-equivalent fixed-n Mann-Whitney (NetflixACAJudge's
 *     classification, judged once after n intervals; n is the smallest
 *     number of intervals that catches the regression in 80 % of runs, i.e.
 *     the window a Kayenta user would have to choose in advance: bracketed
 *     by 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 750, 1000, then
 *     narrowed to the interval by bisection, so that rounding up to the
 *     bracket does not count against Kayenta),
 *   - a Flagger-style fixed threshold checked every interval for 50
 *     intervals (the canary fails after 5 failed checks, Flagger's
 *     `threshold: 5`; the limit is 1.5 × the stable's error ratio, or the
 *     stable's mean latency + 2 SD),
 * the median canary requests (error ratios) or samples (latency) to a correct
 * Fail (runs never caught count as never, not as left out), the share of
 * runs that reached a Fail at all, and the false-alarm rate over the same
 * number of runs with canary identical to stable. Beside the judge's median,
 * the evidence by which it caught 80 % of runs: the like-for-like figure
 * for a fixed-n test sized for 80 % power.
 *
 * For reference, not as a contender: the likelihood-ratio test (SPRT) that
 * knows the regression (the error-rate ratio; the canary − stable
 * difference's distribution) and spends the whole false-alarm budget on
 * it, looked at every interval. No test that has to learn the regression
 * from the data does better on average (Wald & Wolfowitz), so its median
 * shows how far down a target can honestly go.
 *
 * Traffic: 1,000 requests per interval, 10 % of them to the canary (Argo's
 * usual first canary weight). Latency: one sample per interval and side,
 * normal with mean 100 ms and SD 10 ms; the canary is shifted by 0.5, 1 or
 * 2 SD, or keeps the mean with 1.5 times the SD (a spread regression, which
 * Kayenta's location test cannot see: spinnaker/kayenta#780).
 */
import { classifyLikeKayenta } from '../src/canary/judge/kayentaClassifier';
import {
  classifyErrorRatio,
  classifySamples,
  DEFAULT_JUDGE_CONFIG,
  ErrorRatioAccumulator,
  SamplesAccumulator,
} from '../src/canary/judge';
import { CanaryMetricConfig } from '../src/canary/judge/types';
import {
  seededRandom,
  SeededRandom,
} from '../src/canary/simulation/seededRandom';

function argument(name: string, fallback: number) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const RUNS = argument('runs', 1000);
const ONLY = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]
  : '';
const SEED = argument('seed', 1);
const CANARY_REQUESTS = 100;
const STABLE_REQUESTS = 900;
const FLAGGER_FAILED_CHECKS = 5;
const FIXED_N = [
  10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 750, 1000,
];
/** Checks in a Flagger analysis: e.g. `interval: 1m` with 50 iterations/steps. */
const FLAGGER_CHECKS = 50;
const POWER = 0.8;
/** The judge's false-alarm rate (its default), also the reference test's. */
const ALPHA = 0.01;

type Scenario =
  | {
      name: string;
      kind: 'errorRatio';
      base: number;
      bad: number;
      horizon: number;
    }
  | {
      name: string;
      kind: 'samples';
      shift: number;
      /** The canary's SD over the stable's. */
      spread?: number;
      horizon: number;
    };

const SCENARIOS: Scenario[] = [
  {
    name: 'error ratio 1 % → 2 %',
    kind: 'errorRatio',
    base: 0.01,
    bad: 0.02,
    horizon: 1000,
  },
  {
    name: 'error ratio 1 % → 1.5 %',
    kind: 'errorRatio',
    base: 0.01,
    bad: 0.015,
    horizon: 1000,
  },
  {
    name: 'error ratio 0.1 % → 0.2 %',
    kind: 'errorRatio',
    base: 0.001,
    bad: 0.002,
    horizon: 1000,
  },
  { name: 'latency +0.5 SD', kind: 'samples', shift: 0.5, horizon: 1000 },
  { name: 'latency +1 SD', kind: 'samples', shift: 1, horizon: 1000 },
  { name: 'latency +2 SD', kind: 'samples', shift: 2, horizon: 1000 },
  {
    name: 'latency SD × 1.5, same mean',
    kind: 'samples',
    shift: 0,
    spread: 1.5,
    horizon: 1000,
  },
];

const errorMetric: CanaryMetricConfig = {
  name: 'errors',
  group: 'errors',
  direction: 'increase',
};
const latencyMetric: CanaryMetricConfig = {
  name: 'latency',
  group: 'latency',
  direction: 'increase',
};

/** One simulated run: the canary's and stable's value per interval. */
interface Run {
  canary: number[];
  stable: number[];
  /** Error runs: failed requests per interval; latency runs: ms. */
}

function simulate(scenario: Scenario, random: SeededRandom, bad: boolean): Run {
  const canary: number[] = [];
  const stable: number[] = [];
  for (let i = 0; i < scenario.horizon; i++) {
    if (scenario.kind === 'errorRatio') {
      canary.push(
        random.binomial(CANARY_REQUESTS, bad ? scenario.bad : scenario.base),
      );
      stable.push(random.binomial(STABLE_REQUESTS, scenario.base));
    } else {
      const spread = bad ? scenario.spread ?? 1 : 1;
      canary.push(
        100 + 10 * (spread * random.normal() + (bad ? scenario.shift : 0)),
      );
      stable.push(100 + 10 * random.normal());
    }
  }
  return { canary, stable };
}

/** Intervals until our judge classifies the metric High, looking after each one. */
function judgeIntervalsToFail(
  scenario: Scenario,
  run: Run,
): number | undefined {
  if (scenario.kind === 'errorRatio') {
    const acc = new ErrorRatioAccumulator(0.5);
    for (let i = 0; i < run.canary.length; i++) {
      acc.add(
        { requests: CANARY_REQUESTS, errors: run.canary[i] },
        { requests: STABLE_REQUESTS, errors: run.stable[i] },
      );
      if (
        classifyErrorRatio(acc.evidence(), errorMetric, 0.01).classification ===
        'High'
      )
        return i + 1;
    }
    return undefined;
  }
  const acc = new SamplesAccumulator();
  for (let i = 0; i < run.canary.length; i++) {
    acc.add(run.canary[i], run.stable[i]);
    if (
      classifySamples(acc.evidence(), latencyMetric, DEFAULT_JUDGE_CONFIG)
        .classification === 'High'
    )
      return i + 1;
  }
  return undefined;
}

/**
 * Intervals until the likelihood-ratio test that knows the truth reaches
 * 1/α: binomial failures of the canary's share at the known error ratios,
 * or normal canary − stable differences of the known mean and SD (against
 * mean 0 and the stable's SD × √2).
 */
function referenceIntervalsToFail(
  scenario: Scenario,
  run: Run,
): number | undefined {
  let logRatio = 0;
  const w = CANARY_REQUESTS / (CANARY_REQUESTS + STABLE_REQUESTS);
  for (let i = 0; i < run.canary.length; i++) {
    if (scenario.kind === 'errorRatio') {
      const theta = scenario.bad / scenario.base;
      const q1 = (theta * w) / (theta * w + 1 - w);
      logRatio +=
        run.canary[i] * Math.log(q1 / w) +
        run.stable[i] * Math.log((1 - q1) / (1 - w));
    } else {
      const mean = 10 * scenario.shift;
      const nullVariance = 2 * 10 * 10;
      const variance = 10 * 10 * (1 + (scenario.spread ?? 1) ** 2);
      const d = run.canary[i] - run.stable[i];
      logRatio +=
        -0.5 * Math.log(variance / nullVariance) -
        (d - mean) ** 2 / (2 * variance) +
        d ** 2 / (2 * nullVariance);
    }
    if (logRatio >= Math.log(1 / ALPHA)) return i + 1;
  }
  return undefined;
}

function flaggerIntervalsToFail(
  scenario: Scenario,
  run: Run,
): number | undefined {
  let failed = 0;
  for (let i = 0; i < Math.min(run.canary.length, FLAGGER_CHECKS); i++) {
    const failing =
      scenario.kind === 'errorRatio'
        ? run.canary[i] / CANARY_REQUESTS > 1.5 * scenario.base
        : run.canary[i] > 100 + 2 * 10;
    if (failing && ++failed >= FLAGGER_FAILED_CHECKS) return i + 1;
  }
  return undefined;
}

function kayentaFailsAt(scenario: Scenario, run: Run, n: number): boolean {
  const toValue =
    scenario.kind === 'errorRatio'
      ? (errors: number[], requests: number) =>
          errors.slice(0, n).map(e => e / requests)
      : (values: number[]) => values.slice(0, n);
  const canary = toValue(run.canary, CANARY_REQUESTS);
  const stable = toValue(run.stable, STABLE_REQUESTS);
  return (
    classifyLikeKayenta(canary, stable, 'increase').classification === 'High'
  );
}

/** The p-quantile (nearest rank) with runs never caught counted as never. */
function quantile(values: readonly (number | undefined)[], p: number) {
  const s = values.map(v => v ?? Infinity).sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
}

function median(values: number[]) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;
const evidence = (x: number) => (Number.isFinite(x) ? `${x}` : 'never');

function main() {
  const random = seededRandom(SEED);
  const rows: string[][] = [];
  for (const scenario of SCENARIOS) {
    // The runs are drawn whether or not the scenario is shown, so that
    // --only gives the same figures as the whole table.
    const skip = !scenario.name.includes(ONLY);
    const started = Date.now();
    const unit = scenario.kind === 'errorRatio' ? CANARY_REQUESTS : 1;
    const badRuns = Array.from({ length: RUNS }, () =>
      simulate(scenario, random, true),
    );
    const sameRuns = Array.from({ length: RUNS }, () =>
      simulate(scenario, random, false),
    );
    if (skip) continue;

    const oursAll = badRuns.map(r => judgeIntervalsToFail(scenario, r));
    const ours = oursAll.filter((v): v is number => v !== undefined);
    const reference = badRuns.map(r => referenceIntervalsToFail(scenario, r));
    const oursFalse = sameRuns.filter(
      r => judgeIntervalsToFail(scenario, r) !== undefined,
    ).length;
    const flagger = badRuns
      .map(r => flaggerIntervalsToFail(scenario, r))
      .filter((v): v is number => v !== undefined);
    const flaggerFalse = sameRuns.filter(
      r => flaggerIntervalsToFail(scenario, r) !== undefined,
    ).length;

    const powerAt = (n: number) =>
      badRuns.filter(r => kayentaFailsAt(scenario, r, n)).length / RUNS;
    let design: number | undefined;
    let designPower = 0;
    let below = 1;
    for (const n of FIXED_N.filter(v => v <= scenario.horizon)) {
      const power = powerAt(n);
      designPower = power;
      design = n;
      if (power >= POWER) break;
      below = n;
    }
    // Power grows with n (up to the runs' noise): narrow the bracket to the
    // smallest n that reaches it.
    if (design !== undefined && designPower >= POWER) {
      let enough = design;
      while (enough - below > 1) {
        const mid = Math.floor((below + enough) / 2);
        const power = powerAt(mid);
        if (power >= POWER) {
          enough = mid;
          designPower = power;
        } else {
          below = mid;
        }
      }
      design = enough;
    }
    const kayentaFalse =
      design === undefined
        ? 0
        : sameRuns.filter(r => kayentaFailsAt(scenario, r, design!)).length;
    const reachedPower = designPower >= POWER;

    const oursMedian = quantile(oursAll, 0.5) * unit;
    const ours80 = quantile(oursAll, POWER) * unit;
    const referenceMedian = quantile(reference, 0.5) * unit;
    const kayentaEvidence = (design ?? NaN) * unit;
    rows.push([
      scenario.name,
      `${evidence(oursMedian)} (${percent(ours.length / RUNS)})`,
      evidence(ours80),
      percent(oursFalse / RUNS),
      `${reachedPower ? '' : '>'}${kayentaEvidence} (${percent(designPower)})`,
      percent(kayentaFalse / RUNS),
      flagger.length
        ? `${median(flagger) * unit} (${percent(flagger.length / RUNS)})`
        : `none (0 %)`,
      percent(flaggerFalse / RUNS),
      reachedPower
        ? (oursMedian / kayentaEvidence).toFixed(2)
        : `< ${(oursMedian / kayentaEvidence).toFixed(2)}`,
      `${evidence(referenceMedian)} (${reachedPower ? '' : '< '}${(
        referenceMedian / kayentaEvidence
      ).toFixed(2)})`,
      `${((Date.now() - started) / 1000).toFixed(0)} s`,
    ]);
  }
  const header = [
    'scenario',
    'judge: median to Fail (caught)',
    'judge: 80 % caught by',
    'judge: false alarms',
    'fixed-n MW: n for 80 % (caught)',
    'fixed-n MW: false alarms',
    'Flagger: median to Fail (caught)',
    'Flagger: false alarms',
    'judge / fixed-n MW',
    'SPRT knowing the regression: median (/ fixed-n MW)',
    'time',
  ];
  process.stdout.write(
    `Canary judge detection benchmark: ${RUNS} runs per scenario, seed ${SEED}; error ratios counted in canary requests (${CANARY_REQUESTS} of ${
      CANARY_REQUESTS + STABLE_REQUESTS
    } per interval), latency in samples per side.\n\n`,
  );
  process.stdout.write(
    `| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`,
  );
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
}

main();
