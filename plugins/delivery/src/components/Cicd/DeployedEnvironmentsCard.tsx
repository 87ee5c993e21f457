import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import { CicdSummaryResponse } from '@internal/plugin-delivery-common';
import { relativeTime } from './formatting';

type Deployed = CicdSummaryResponse['deployedByEnvironment'][number];

// Defined once: the table resets its state when handed new column functions
// on every poll.
const columns: TableColumn<Deployed>[] = [
  { title: 'Environment', field: 'environment' },
  {
    title: 'Version',
    render: d => (
      <span title={d.artifactId}>
        {d.version ?? d.artifactId ?? '—'}
        {d.action === 'rolledback' ? ' (rolled back)' : ''}
      </span>
    ),
  },
  {
    title: 'Commit',
    render: d => <code>{d.commit ? d.commit.slice(0, 7) : '—'}</code>,
  },
  {
    title: 'When',
    render: d =>
      d.url ? <Link to={d.url}>{relativeTime(d.at)}</Link> : relativeTime(d.at),
  },
];

/** What version is deployed in each environment, and when it got there. */
export const DeployedEnvironmentsCard = ({
  summary,
}: {
  summary: CicdSummaryResponse;
}) => (
  <InfoCard title="Deployed">
    <Table
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      emptyContent="No deployment reported yet."
      columns={columns}
      data={summary.deployedByEnvironment.map(d => ({
        ...d,
        id: d.environment,
      }))}
    />
  </InfoCard>
);
