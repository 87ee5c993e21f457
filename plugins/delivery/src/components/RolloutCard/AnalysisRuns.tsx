import { Box, Typography } from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  AnalysisMetricResult,
  AnalysisRunSummary,
} from '@internal/plugin-delivery-common';

const RunPhase = ({ phase }: { phase: string }) => {
  switch (phase) {
    case 'Successful':
      return <StatusOK>{phase}</StatusOK>;
    case 'Failed':
    case 'Error':
      return <StatusError>{phase}</StatusError>;
    case 'Inconclusive':
      return <StatusWarning>{phase}</StatusWarning>;
    default:
      return <StatusRunning>{phase}</StatusRunning>;
  }
};

/*
 * Backstage's status components are flex boxes: inside a line of text they
 * break it, leaving a separator dangling at its end. Each line is a flex row
 * instead, its parts spaced by the gap.
 */
const Line = ({ children }: { children: React.ReactNode }) => (
  <Box
    display="flex"
    flexWrap="wrap"
    alignItems="baseline"
    style={{ columnGap: 8 }}
  >
    {children}
  </Box>
);

const Metric = ({ metric }: { metric: AnalysisMetricResult }) => {
  const last = metric.measurements[metric.measurements.length - 1];
  return (
    <Box data-testid="analysis-metric">
      <Line>
        <Typography variant="body2" component="span">
          {metric.name}
        </Typography>
        <RunPhase phase={metric.phase} />
        {last?.value !== undefined && (
          <Typography variant="body2" component="span">
            last value {last.value}
          </Typography>
        )}
      </Line>
      {(metric.successCondition || metric.failureCondition) && (
        <Typography variant="body2" color="textSecondary">
          {[
            metric.successCondition && `passes when ${metric.successCondition}`,
            metric.failureCondition && `fails when ${metric.failureCondition}`,
          ]
            .filter(Boolean)
            .join('; ')}
        </Typography>
      )}
      <Typography variant="body2" color="textSecondary">
        {metric.successful} passed, {metric.failed} failed,{' '}
        {metric.inconclusive} inconclusive
      </Typography>
    </Box>
  );
};

/**
 * Each analysis run of the rollout (canary steps, background, pre- and
 * post-promotion analysis alike) and what its metrics measured against
 * their thresholds.
 */
export const AnalysisRuns = ({ runs }: { runs: AnalysisRunSummary[] }) => {
  if (!runs.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No analysis has run for this rollout yet.
      </Typography>
    );
  }
  return (
    <Box>
      {runs.map(run => (
        <Box key={run.name} mb={1.5} data-testid="analysis-run">
          <Line>
            <Typography variant="subtitle2" component="span">
              {run.name}
              {run.revision !== undefined ? ` (revision ${run.revision})` : ''}
            </Typography>
            <RunPhase phase={run.phase} />
          </Line>
          {run.message && (
            <Typography variant="body2" color="textSecondary">
              {run.message}
            </Typography>
          )}
          {run.metrics.map(metric => (
            <Metric key={metric.name} metric={metric} />
          ))}
        </Box>
      ))}
    </Box>
  );
};
