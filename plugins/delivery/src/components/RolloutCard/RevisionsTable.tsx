import { Chip } from '@material-ui/core';
import { Table, TableColumn } from '@backstage/core-components';
import { RolloutRevision } from '@internal/plugin-delivery-common';
import { DateTime } from 'luxon';

const columns: TableColumn<RolloutRevision>[] = [
  { title: 'Revision', field: 'revision', width: '10%' },
  {
    title: 'Role',
    field: 'role',
    render: r =>
      r.role === 'old' ? (
        'previous'
      ) : (
        <Chip
          size="small"
          label={r.role}
          color={
            r.role === 'stable' || r.role === 'active' ? 'primary' : 'default'
          }
        />
      ),
  },
  {
    title: 'Images',
    field: 'images',
    render: r => r.images.join(', '),
  },
  {
    title: 'Pods ready',
    render: r => `${r.readyReplicas}/${r.replicas}`,
  },
  {
    title: 'Created',
    field: 'createdAt',
    render: r =>
      r.createdAt ? (
        <span
          title={DateTime.fromISO(r.createdAt).toLocaleString(
            DateTime.DATETIME_FULL,
          )}
        >
          {DateTime.fromISO(r.createdAt).toRelative()}
        </span>
      ) : (
        ''
      ),
  },
];

/** Every revision the cluster still knows, newest first. */
export const RevisionsTable = ({
  revisions,
}: {
  revisions: RolloutRevision[];
}) => (
  <Table
    title="Revisions"
    options={{ paging: false, search: false, padding: 'dense' }}
    columns={columns}
    // The table keeps a row's state by its id across polls.
    data={revisions.map(r => ({ ...r, id: r.podTemplateHash }))}
  />
);
