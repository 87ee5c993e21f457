import { ReleaseHealthMetric } from '@internal/plugin-delivery-common';

/** A metric's value as people read it: error ratios in percent, seconds in ms. */
export function formatMetricValue(
  unit: string | undefined,
  value: number | undefined,
): string {
  if (value === undefined) return 'no data';
  if (unit === 'ratio') return `${(value * 100).toFixed(2)} %`;
  if (unit === 's') return `${Math.round(value * 1000)} ms`;
  return `${Number(value.toPrecision(3))}${unit ? ` ${unit}` : ''}`;
}

/** What an undecided metric still needs, or nothing when it is decided. */
export function evidenceText(metric: ReleaseHealthMetric): string | undefined {
  if (!metric.evidenceNeeded) return undefined;
  const { amount, unit } = metric.evidenceNeeded;
  return `inconclusive: about ${Math.ceil(amount).toLocaleString(
    'en-US',
  )} more ${unit} needed`;
}
