import {
  Box,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { ReleaseHealth } from '@internal/plugin-delivery-common';
import { RolloutRef } from '../../api/DeliveryApi';
import { evidenceText, formatMetricValue } from './formatMetric';
import { Sparkline } from './Sparkline';
import { RESULT_STATUS } from './resultStatus';
import { useReleaseHealth } from './useReleaseHealth';

/** Canary against stable, or blue/green preview against active. */
function sidesOf(health: ReleaseHealth) {
  return health.strategy === 'blueGreen'
    ? { next: 'Preview', current: 'Active' }
    : { next: 'Canary', current: 'Stable' };
}

/**
 * The verdict on a rollout's new revision from its metrics, per metric with
 * both sides, the threshold, and what is still missing when undecided; judged
 * again as the release moves and as new scrapes arrive (useReleaseHealth).
 */
export const ReleaseHealthCard = ({ rollout }: { rollout: RolloutRef }) => {
  const { value, loading, error } = useReleaseHealth(rollout, {
    enabled: true,
    // The backend says when there is nothing to judge; until then a
    // release is in flight and new scrapes may change its verdict.
    inFlight: health => !health?.reason.startsWith('no release in flight'),
  });
  if (loading) return <Progress />;
  if (error) {
    return (
      <Typography color="error" variant="body2">
        Release health could not be read: {error.message}
      </Typography>
    );
  }
  if (!value) return null;
  const Verdict = RESULT_STATUS[value.verdict];
  const sides = sidesOf(value);
  return (
    <Box data-testid="release-health" mb={2}>
      <Typography variant="subtitle2" component="div">
        <Verdict>
          {value.verdict} · score {Math.round(value.score)}
        </Verdict>
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {value.reason}
      </Typography>
      {value.metrics.length > 0 && (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Metric</TableCell>
              <TableCell>{sides.next}</TableCell>
              <TableCell>{sides.current}</TableCell>
              <TableCell>Threshold</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.metrics.map(metric => {
              const Result = RESULT_STATUS[metric.result];
              const evidence = evidenceText(metric);
              return (
                <TableRow key={metric.name}>
                  <TableCell>
                    <Result>
                      {metric.name}: {metric.result}
                    </Result>
                    <Typography variant="caption" display="block">
                      {evidence ?? metric.reason}
                    </Typography>
                    <Sparkline series={metric.series} label={metric.name} />
                    {metric.link && (
                      <Link
                        href={metric.link}
                        target="_blank"
                        rel="noopener"
                        variant="caption"
                        display="block"
                      >
                        Open in Prometheus
                      </Link>
                    )}
                  </TableCell>
                  <TableCell>
                    {formatMetricValue(metric.unit, metric.canaryValue)}
                    {metric.canaryRequests !== undefined &&
                      ` of ${metric.canaryRequests.toLocaleString(
                        'en-US',
                      )} requests`}
                  </TableCell>
                  <TableCell>
                    {formatMetricValue(metric.unit, metric.stableValue)}
                    {metric.stableRequests !== undefined &&
                      ` of ${metric.stableRequests.toLocaleString(
                        'en-US',
                      )} requests`}
                  </TableCell>
                  <TableCell>{metric.threshold}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};
