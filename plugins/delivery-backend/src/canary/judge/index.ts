export {
  classifyErrorRatio,
  classifySamples,
  judgeCanary,
  judgeMetric,
  DEFAULT_JUDGE_CONFIG,
  ERROR_RATIO_TOLERANCE,
  ZERO_ERROR_FLOOR,
} from './canaryJudge';
export {
  classifyLikeKayenta,
  KAYENTA_CONFIDENCE,
  KAYENTA_TOLERANCE,
} from './kayentaClassifier';
export { mannWhitneyTest } from './mannWhitney';
export type { MannWhitneyResult } from './mannWhitney';
export * from './types';
export type { MetricFinding } from './canaryJudge';
export { ErrorRatioAccumulator } from './errorRatioSequential';
export type { ErrorRatioEvidence } from './errorRatioSequential';
export { SamplesAccumulator } from './samplesSequential';
export type { BettingEvidence } from './samplesSequential';
