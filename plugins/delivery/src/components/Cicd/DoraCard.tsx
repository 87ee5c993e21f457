import { Box, Grid, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import { DoraComparison, DoraFigures } from '@internal/plugin-delivery-common';
import { formatDuration } from './formatting';

type Key =
  | 'deploymentsPerDay'
  | 'leadTimeMs'
  | 'changeFailureRate'
  | 'timeToRestoreMs';

const METRICS: Array<{
  key: Key;
  title: string;
  format: (v: number) => string;
  /** Whether a higher value is better. */
  higherIsBetter: boolean;
}> = [
  {
    key: 'deploymentsPerDay',
    title: 'Deployment frequency',
    format: v => `${v.toFixed(2)} / day`,
    higherIsBetter: true,
  },
  {
    key: 'leadTimeMs',
    title: 'Lead time for changes',
    format: formatDuration,
    higherIsBetter: false,
  },
  {
    key: 'changeFailureRate',
    title: 'Change failure rate',
    format: v => `${Math.round(v * 100)} %`,
    higherIsBetter: false,
  },
  {
    key: 'timeToRestoreMs',
    title: 'Time to restore',
    format: formatDuration,
    higherIsBetter: false,
  },
];

function trend(
  current: number | null,
  previous: number | null,
  higherIsBetter: boolean,
) {
  if (current === null || previous === null)
    return 'no earlier figure to compare';
  if (current === previous) return 'same as the window before';
  const better = current > previous === higherIsBetter;
  return `${current > previous ? '▲' : '▼'} ${
    better ? 'better' : 'worse'
  } than the window before`;
}

const Metric = ({
  metric,
  current,
  previous,
}: {
  metric: (typeof METRICS)[number];
  current: DoraFigures;
  previous: DoraFigures;
}) => {
  const value = current[metric.key];
  return (
    <Box>
      <Typography variant="overline">{metric.title}</Typography>
      <Typography variant="h5">
        {value === null ? 'No data' : metric.format(value)}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {trend(value, previous[metric.key], metric.higherIsBetter)}
      </Typography>
    </Box>
  );
};

/** DORA's four keys over the last window, against the window before. */
export const DoraCard = ({ dora }: { dora: DoraComparison }) => (
  <InfoCard
    title="DORA metrics"
    subheader={`Production, last ${dora.days} days: ${dora.current.deployments} deployments, ${dora.current.failedDeployments} followed by a rollback or incident`}
  >
    <Grid container spacing={2}>
      {METRICS.map(metric => (
        <Grid item xs={6} md={3} key={metric.key}>
          <Metric
            metric={metric}
            current={dora.current}
            previous={dora.previous}
          />
        </Grid>
      ))}
    </Grid>
  </InfoCard>
);
