import { InfoCard, Link, Table } from '@backstage/core-components';
import { CicdSummaryResponse } from '@internal/plugin-delivery-common';
import { relativeTime } from './formatting';

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
      columns={[
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
            d.url ? (
              <Link to={d.url}>{relativeTime(d.at)}</Link>
            ) : (
              relativeTime(d.at)
            ),
        },
      ]}
      data={summary.deployedByEnvironment}
    />
  </InfoCard>
);
