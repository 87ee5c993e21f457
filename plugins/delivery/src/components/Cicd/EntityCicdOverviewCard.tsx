import { Box, Typography } from '@material-ui/core';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { RunStatus } from './RunStatus';
import { relativeTime } from './formatting';
import { useCicd } from './useCicd';

/**
 * For the entity's overview: the latest pipeline run and what is deployed
 * where, without opening the Delivery tab.
 */
export const EntityCicdOverviewCard = () => {
  const { summary, error, loading } = useCicd();
  if (loading) return <Progress />;
  if (error && !summary) return <ResponseErrorPanel error={error} />;
  const latest = summary?.recentRuns[0];
  return (
    <InfoCard title="CI/CD">
      {latest ? (
        <Box display="flex" alignItems="center" mb={1}>
          <RunStatus status={latest.status} />
          <Typography variant="body2" style={{ marginLeft: 8 }}>
            {latest.url ? (
              <Link to={latest.url}>{latest.name}</Link>
            ) : (
              latest.name
            )}
            {latest.branch ? ` on ${latest.branch}` : ''},{' '}
            {relativeTime(latest.startedAt ?? latest.queuedAt)}
          </Typography>
        </Box>
      ) : (
        <Typography variant="body2">No pipeline runs reported yet.</Typography>
      )}
      {summary?.deployedByEnvironment.map(d => (
        <Typography variant="body2" key={d.environment}>
          <strong>{d.environment}</strong>: {d.version ?? d.artifactId ?? '—'}
          {d.action === 'rolledback' ? ' (rolled back)' : ''} —{' '}
          {relativeTime(d.at)}
        </Typography>
      ))}
    </InfoCard>
  );
};
