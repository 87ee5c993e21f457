import { useCallback, useEffect, useState } from 'react';
import { Button } from '@material-ui/core';
import {
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ReleaseRecord } from '@internal/plugin-delivery-common';
import { DateTime } from 'luxon';
import { deliveryApiRef } from '../../api/DeliveryApi';
import { ACTION_LABELS } from '../ActionButtons/actionText';

const PAGE_SIZE = 20;

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
  { title: 'Action', render: r => ACTION_LABELS[r.action] ?? r.action },
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
  const deliveryApi = useApi(deliveryApiRef);
  const [items, setItems] = useState<ReleaseRecord[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();

  const load = useCallback(
    async (from?: string) => {
      setLoading(true);
      try {
        const page = await deliveryApi.getHistory({
          entityRef,
          limit: PAGE_SIZE,
          cursor: from,
        });
        setItems(previous =>
          from ? [...previous, ...page.items] : page.items,
        );
        setCursor(page.nextCursor);
        setError(undefined);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    },
    [deliveryApi, entityRef],
  );

  useEffect(() => {
    load();
  }, [load, refreshKey]);

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
      {cursor && (
        <Button onClick={() => load(cursor)} disabled={loading}>
          Show older
        </Button>
      )}
    </>
  );
};
