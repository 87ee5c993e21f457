import { useMemo, useState } from 'react';
import { Box, Button, Typography } from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  PipelineRunResponse,
  deliveryCicdRerunPermission,
} from '@internal/plugin-delivery-common';
import { CicdState } from './useCicd';
import { RunStatus } from './RunStatus';
import { formatDuration, relativeTime } from './formatting';

/** Providers whose failed runs the backend can start again. */
const RERUNNABLE = new Set(['github-actions']);

const StagesPanel = ({ run }: { run: PipelineRunResponse }) =>
  run.stages.length === 0 ? (
    <Box p={2}>
      <Typography variant="body2">No stages reported for this run.</Typography>
    </Box>
  ) : (
    <Box p={2}>
      {run.stages.map(stage => (
        <Box key={stage.id} display="flex" alignItems="center" mb={0.5}>
          <Box width={200}>
            <RunStatus status={stage.status} />
          </Box>
          <Typography variant="body2">
            {stage.url ? <Link to={stage.url}>{stage.name}</Link> : stage.name}
            {stage.startedAt && stage.finishedAt
              ? ` — ${formatDuration(
                  Date.parse(stage.finishedAt) - Date.parse(stage.startedAt),
                )}`
              : ''}
          </Typography>
        </Box>
      ))}
    </Box>
  );

/**
 * The entity's latest pipeline runs from every CI/CD source, newest first;
 * a row opens to its stages. Failed runs can be re-run by those the backend
 * allows (owners and release managers).
 */
export const CicdRunsCard = ({ state }: { state: CicdState }) => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { allowed: mayRerun } = usePermission({
    permission: deliveryCicdRerunPermission,
    resourceRef: entityRef,
  });
  const [rerunError, setRerunError] = useState<Error>();
  const { summary, error, loading, api, refresh } = state;
  const rerunFor = state.entityRef;
  // Defined once per permission answer: material-table resets its state (an
  // opened stage panel closes) and warns when the columns change identity,
  // which every poll would otherwise do.
  const columns = useMemo<TableColumn<PipelineRunResponse>[]>(
    () => [
      { title: 'Status', render: run => <RunStatus status={run.status} /> },
      {
        title: 'Pipeline',
        render: run =>
          run.url ? <Link to={run.url}>{run.name}</Link> : run.name,
      },
      { title: 'Branch', render: run => run.branch ?? '—' },
      {
        title: 'Commit',
        render: run => <code>{run.commit ? run.commit.slice(0, 7) : '—'}</code>,
      },
      { title: 'By', render: run => run.actor ?? '—' },
      { title: 'Duration', render: run => formatDuration(run.durationMs) },
      {
        title: 'Started',
        render: run => relativeTime(run.startedAt ?? run.queuedAt),
      },
      {
        title: '',
        render: run =>
          mayRerun &&
          RERUNNABLE.has(run.provider) &&
          (run.status === 'failed' || run.status === 'cancelled') ? (
            <Button
              size="small"
              variant="outlined"
              onClick={() =>
                api
                  .rerunPipelineRun({
                    entity: rerunFor,
                    provider: run.provider,
                    runId: run.id,
                  })
                  .then(refresh, setRerunError)
              }
            >
              Re-run failed jobs
            </Button>
          ) : null,
      },
    ],
    [mayRerun, api, refresh, rerunFor],
  );

  if (loading) return <Progress />;
  if (error && !summary) return <ResponseErrorPanel error={error} />;
  if (!summary) return null;

  const stale = summary.providers.filter(p => p.stale);

  return (
    <InfoCard title="CI/CD runs" subheader="Latest runs from every source">
      {stale.map(p => (
        <WarningPanel
          key={p.provider}
          severity="warning"
          title={`${p.provider}: showing ${
            p.fetchedAt
              ? `the runs fetched ${relativeTime(p.fetchedAt)}`
              : 'no runs'
          }`}
          message={p.message}
        />
      ))}
      {rerunError && <ResponseErrorPanel error={rerunError} />}
      {summary.recentRuns.length === 0 ? (
        <EmptyState
          missing="data"
          title="No pipeline runs yet"
          description="Runs appear here when CI sends CDEvents from a source this service declares, or a CI/CD provider reports them."
        />
      ) : (
        <Table
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          columns={columns}
          data={summary.recentRuns}
          detailPanel={({ rowData }) => <StagesPanel run={rowData} />}
        />
      )}
    </InfoCard>
  );
};
