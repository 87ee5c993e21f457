import { Box, Typography } from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { AnalysisRunSummary } from '@internal/plugin-delivery-common';

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

/** Canary health: each analysis run and what its metrics measured. */
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
          <Typography variant="subtitle2">
            {run.name}
            {run.revision !== undefined ? ` (revision ${run.revision})` : ''}
            {' · '}
            <RunPhase phase={run.phase} />
          </Typography>
          {run.message && (
            <Typography variant="body2" color="textSecondary">
              {run.message}
            </Typography>
          )}
          {run.metrics.map(metric => {
            const last = metric.measurements[metric.measurements.length - 1];
            return (
              <Typography key={metric.name} variant="body2">
                {metric.name}: <RunPhase phase={metric.phase} />
                {last?.value !== undefined ? ` last value ${last.value}` : ''}
                {` (${metric.successful} passed, ${metric.failed} failed, ${metric.inconclusive} inconclusive)`}
              </Typography>
            );
          })}
        </Box>
      ))}
    </Box>
  );
};
