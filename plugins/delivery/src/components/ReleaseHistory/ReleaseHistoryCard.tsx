import { Button } from '@material-ui/core';
import {
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ReleaseRecord } from '@internal/plugin-delivery-common';
import { DateTime } from 'luxon';
import { useReleaseHistory } from '../../hooks/useReleaseHistory';
import { releaseActionText } from './releaseActionText';

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
    render: r =>
      r.outcome === 'succeeded' ? (
        <StatusOK>succeeded</StatusOK>
      ) : (
        <StatusError>failed{r.error ? `: ${r.error}` : ''}</StatusError>
      ),
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
