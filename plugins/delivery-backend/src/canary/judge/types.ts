/** How one metric of the canary compares with the stable (or preview with active). */
export type MetricClassification = 'Pass' | 'High' | 'Low' | 'NoData';

/** The verdict on a release. */
export type CanaryVerdict = 'Pass' | 'Marginal' | 'Fail' | 'Inconclusive';

/** Which change of a metric is a regression. */
export type MetricDirection = 'increase' | 'decrease' | 'either';

/** Requests and failed requests seen in one interval (one scrape step). */
export interface RequestCounts {
  requests: number;
  errors: number;
}

/** An event count and the exposure it was counted over (requests, pod-seconds…). */
export interface EventCount {
  count: number;
  exposure: number;
}

/**
 * What the metric provider observed for one metric, canary beside stable.
 * `errorRatio`: failed out of all requests per interval, aligned in time.
 * `samples`: one value per interval (a latency quantile, a mean, CPU…), aligned in time.
 * `count`: events over an exposure, for sparse events with no request denominator.
 */
export type MetricObservations =
  | { kind: 'errorRatio'; canary: RequestCounts[]; stable: RequestCounts[] }
  | { kind: 'samples'; canary: number[]; stable: number[] }
  | { kind: 'count'; canary: EventCount; stable: EventCount };

/** How a metric is judged. */
export interface CanaryMetricConfig {
  name: string;
  /** Metrics are scored in groups (Kayenta's groups); a group's weight is in the judge config. */
  group: string;
  direction: MetricDirection;
  /** A critical metric that is High/Low fails the release whatever the score. */
  critical?: boolean;
  /** Missing or thin data on this metric makes the release Inconclusive (default true). */
  mustHaveData?: boolean;
  /**
   * Effect-size tolerance: Kayenta's 0.25 fraction of the Hodges-Lehmann
   * estimate for samples; for error ratios and counts, the canary/stable
   * ratio that counts as no worse is 1 + tolerance.
   */
  tolerance?: number;
}

/** Settings of the judge as a whole. */
export interface CanaryJudgeConfig {
  /** Score at or above which the release passes (Kayenta's pass threshold). */
  passThreshold: number;
  /** Score at or above which the release is Marginal rather than Fail. */
  marginalThreshold: number;
  /** Group weights in percent; groups without one share what is left. */
  groupWeights?: Record<string, number>;
  /**
   * `sequential` (default): anytime-valid tests, sound however often the
   * release is looked at. `kayenta`: Kayenta's fixed-sample Mann-Whitney
   * classification, for a one-off judgement at the end of a window.
   */
  method?: 'sequential' | 'kayenta';
  /** Probability of a false Fail (per metric) the sequential tests allow. */
  falseAlarmRate?: number;
  /** Samples per side before a samples metric can Pass (default 20). */
  minimumSamples?: number;
}

/** One statistical test behind a metric's classification, for display. */
export interface TestOutcome {
  test: string;
  /** The figure the decision was taken on (an e-value, a p-value, a bound). */
  value: number;
  /** The figure it was compared with. */
  threshold: number;
  /** What the test concluded, in words. */
  finding: string;
}

/** The evidence a NoData metric still needs before it can be decided. */
export interface EvidenceNeeded {
  unit: 'requests' | 'samples' | 'exposure';
  /** About how many more canary requests/samples/exposure units are needed. */
  amount: number;
}

export interface MetricJudgement {
  name: string;
  group: string;
  classification: MetricClassification;
  critical: boolean;
  mustHaveData: boolean;
  reason: string;
  tests: TestOutcome[];
  evidenceNeeded?: EvidenceNeeded;
}

export interface GroupScore {
  group: string;
  score: number;
  noData: boolean;
}

export interface CanaryJudgement {
  verdict: CanaryVerdict;
  /** 0–100, Kayenta's weighted group score; 0 on a critical failure. */
  score: number;
  reason: string;
  metrics: MetricJudgement[];
  groups: GroupScore[];
}
