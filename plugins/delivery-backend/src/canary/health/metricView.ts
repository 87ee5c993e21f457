import { ReleaseHealthMetric } from '@internal/plugin-delivery-common';
import {
  CanaryMetricDefinition,
  CanaryMetricObservation,
} from '@internal/plugin-delivery-node';
import { ERROR_RATIO_TOLERANCE, MetricJudgement } from '../judge';
import { KAYENTA_TOLERANCE } from '../judge/kayentaClassifier';

/** A number JSON can carry, or nothing (NaN and infinities are not data). */
const finite = (value: number) => (Number.isFinite(value) ? value : undefined);

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function ratio(steps: { requests: number; errors: number }[]) {
  const requests = steps.reduce((sum, s) => sum + s.requests, 0);
  const errors = steps.reduce((sum, s) => sum + s.errors, 0);
  return { requests, value: requests > 0 ? errors / requests : undefined };
}

/** Both sides step by step, for a chart: a side without data at a step has no point there. */
function seriesOf(
  canary: { timestamp: number; value?: number }[],
  stable: { timestamp: number; value?: number }[],
): ReleaseHealthMetric['series'] {
  const points = new Map<number, ReleaseHealthMetric['series'][number]>();
  const at = (time: number) => {
    if (!points.has(time)) points.set(time, { time });
    return points.get(time)!;
  };
  for (const c of canary) at(c.timestamp).canary = finite(c.value ?? NaN);
  for (const s of stable) at(s.timestamp).stable = finite(s.value ?? NaN);
  return [...points.values()].sort((a, b) => a.time - b.time);
}

/** One metric's judgement with the figures a person checks it by. */
export function metricView(
  judged: MetricJudgement,
  definition: CanaryMetricDefinition,
  observation: CanaryMetricObservation | undefined,
): ReleaseHealthMetric {
  const common = {
    name: judged.name,
    group: judged.group,
    kind: definition.kind,
    result: judged.classification,
    critical: judged.critical,
    reason: judged.reason,
    evidenceNeeded: judged.evidenceNeeded,
    link: observation?.link,
  };
  if (definition.kind === 'errorRatio') {
    const tolerance = definition.tolerance ?? ERROR_RATIO_TOLERANCE;
    const steps =
      observation?.kind === 'errorRatio'
        ? observation
        : { canary: [], stable: [] };
    const canary = ratio(steps.canary);
    const stable = ratio(steps.stable);
    const perStep = (s: {
      timestamp: number;
      requests: number;
      errors: number;
    }) => ({
      timestamp: s.timestamp,
      value: s.requests > 0 ? s.errors / s.requests : undefined,
    });
    return {
      ...common,
      unit: 'ratio',
      canaryValue: canary.value,
      stableValue: stable.value,
      canaryRequests: canary.requests,
      stableRequests: stable.requests,
      tolerance,
      threshold: `fails if the canary's error ratio is above ${
        1 + tolerance
      } × the stable's`,
      series: seriesOf(steps.canary.map(perStep), steps.stable.map(perStep)),
    };
  }
  const tolerance = definition.tolerance ?? KAYENTA_TOLERANCE;
  const samples =
    observation?.kind === 'samples' ? observation : { canary: [], stable: [] };
  const direction =
    definition.direction === 'either' ? 'shifts' : `${definition.direction}s`;
  return {
    ...common,
    unit: definition.kind === 'samples' ? definition.unit : undefined,
    canaryValue: finite(median(samples.canary.map(s => s.value)) ?? NaN),
    stableValue: finite(median(samples.stable.map(s => s.value)) ?? NaN),
    tolerance,
    threshold: `fails if the canary ${direction} by more than ${Math.round(
      tolerance * 100,
    )} % of the stable`,
    series: seriesOf(samples.canary, samples.stable),
  };
}
