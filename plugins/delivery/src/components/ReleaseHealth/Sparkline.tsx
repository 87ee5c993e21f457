import { ReleaseHealthMetric } from '@internal/plugin-delivery-common';

const WIDTH = 160;
const HEIGHT = 36;

/**
 * Canary beside stable over the window, as two lines. Drawn as plain SVG:
 * no chart library is among the plugin's dependencies, and two polylines
 * are not worth adding one.
 */
export const Sparkline = ({
  series,
  label,
}: {
  series: ReleaseHealthMetric['series'];
  label: string;
}) => {
  const values = series.flatMap(p =>
    [p.canary, p.stable].filter((v): v is number => v !== undefined),
  );
  if (series.length < 2 || values.length === 0) return null;
  const t0 = series[0].time;
  const span = series[series.length - 1].time - t0 || 1;
  const max = Math.max(...values) || 1;
  const line = (side: 'canary' | 'stable') =>
    series
      .filter(p => p[side] !== undefined)
      .map(
        p =>
          `${(((p.time - t0) / span) * WIDTH).toFixed(1)},${(
            HEIGHT -
            (p[side]! / max) * HEIGHT
          ).toFixed(1)}`,
      )
      .join(' ');
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={`${label}: canary (red) against stable (grey)`}
    >
      <polyline points={line('stable')} fill="none" stroke="#9e9e9e" />
      <polyline points={line('canary')} fill="none" stroke="#d32f2f" />
    </svg>
  );
};
