import { Button, Typography } from '@material-ui/core';
import {
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ReleaseRecord } from '@internal/plugin-delivery-common';
import { DateTime } from 'luxon';
import { useReleaseHistory } from '../../hooks/useReleaseHistory';
import { releaseActionText } from './releaseActionText';

function outcomeOf(r: ReleaseRecord) {
  if (r.outcome === 'succeeded') return <StatusOK>succeeded</StatusOK>;
  if (r.outcome === 'unknown') {
    return (
      <StatusWarning>
        unknown: the cluster did not answer, so it may have been applied
        {r.error ? ` (${r.error})` : ''}; check the rollout
      </StatusWarning>
    );
  }
  return <StatusError>failed{r.error ? `: ${r.error}` : ''}</StatusError>;
}

/** The outcome, and how it was found out when the cluster's answer was lost. */
const Outcome = ({ record }: { record: ReleaseRecord }) => (
  <>
    {outcomeOf(record)}
    {record.reconciliation && (
      <Typography variant="caption" component="div" color="textSecondary">
        {record.reconciliation}
      </Typography>
    )}
  </>
);

const columns: TableColumn<ReleaseRecord>[] = [
  {
    title: 'When',
    field: 'createdAt',
    render: r => {
      const at = DateTime.fromISO(r.createdAt);
      return (
        <span title={at.toLocaleString(DateTime.DATETIME_FULL_WITH_SECONDS)}>
          {at.toRelative()}
        </span>
      );
    },
  },
  { title: 'Action', render: r => releaseActionText(r) },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Rollout', render: r => `${r.namespace}/${r.rollout}` },
  {
    title: 'Revision',
    render: r =>
      r.revisionBefore === undefined && r.revisionAfter === undefined
        ? ''
        : `${r.revisionBefore ?? '?'} → ${r.revisionAfter ?? '?'}`,
  },
  {
    title: 'By',
    render: r => <EntityRefLink entityRef={r.actor} defaultKind="user" />,
  },
  {
    title: 'Outcome',
    render: r => <Outcome record={r} />,
  },
  { title: 'Reason', field: 'reason' },
];

/** Who did what to this entity's rollouts, newest first. */
export const ReleaseHistoryCard = ({
  entityRef,
  refreshKey,
}: {
  entityRef: string;
  refreshKey: number;
}) => {
  const { items, loading, error, loadOlder } = useReleaseHistory(
    entityRef,
    refreshKey,
  );

  if (error) {
    return (
      <ResponseErrorPanel error={error} title="Release history unavailable" />
    );
  }
  return (
    <>
      <Table
        title="Release history"
        isLoading={loading && !items.length}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={items}
        emptyContent={
          <div style={{ padding: 16 }}>
            No actions yet. Promotions, aborts, retries and rollbacks made from
            this page are recorded here.
          </div>
        }
      />
      {loadOlder && (
        <Button onClick={loadOlder} disabled={loading}>
          Show older
        </Button>
      )}
    </>
  );
};
