import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { DeliveryApi, deliveryApiRef } from '../../api/DeliveryApi';
import { cicdApiMock } from './__fixtures__/cicdApi';
import { EntityCicdContent } from './EntityCicdContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-api', namespace: 'default' },
  spec: { owner: 'team-checkout' },
};

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

function api() {
  return cicdApiMock(
    {
      recentRuns: [
        {
          provider: 'github-actions',
          id: '105',
          name: 'CI/CD',
          status: 'failed',
          branch: 'fix-cart',
          commit: 'c'.repeat(40),
          actor: 'ben-okafor',
          startedAt: minutesAgo(12),
          finishedAt: minutesAgo(5),
          durationMs: 7 * 60_000,
          url: 'https://github.com/acme/cart-api/actions/runs/105',
          stages: [
            { id: '1', name: 'Build and test', status: 'failed' },
            { id: '2', name: 'Deploy to staging', status: 'unknown' },
          ],
        },
        {
          provider: 'cdevents',
          id: 'run#7',
          name: 'cart-api',
          status: 'succeeded',
          branch: 'main',
          startedAt: minutesAgo(60 * 24),
          durationMs: 5 * 60_000,
          stages: [],
        },
      ],
      deployedByEnvironment: [
        {
          provider: 'cdevents',
          id: 'd1',
          environment: 'staging',
          action: 'deployed',
          version: '3f2a1bc',
          at: minutesAgo(30),
        },
        {
          provider: 'cdevents',
          id: 'd2',
          environment: 'production',
          action: 'rolledback',
          version: '1e0d9aa',
          at: minutesAgo(20),
        },
      ],
    },
    {
      items: [
        {
          id: 'cdevent:9',
          at: minutesAgo(20),
          kind: 'rolledback',
          title: 'production rolled back to 1e0d9aa',
          sources: ['cdevents', 'portal'],
        },
        {
          id: 'cluster:production/checkout/cart-api.1',
          at: minutesAgo(25),
          kind: 'aborted',
          title:
            'Release of cart-api aborted (revision 7): Metric "error-rate" assessed Failed in production',
          environment: 'production',
          sources: ['cluster'],
        },
      ],
    },
    {
      entityRef: 'component:default/cart-api',
      days: 30,
      current: {
        from: 0,
        to: 1,
        deployments: 4,
        deploymentsPerDay: 4 / 30,
        leadTimeMs: 4 * 3_600_000,
        changesMeasured: 3,
        changeFailureRate: 0.5,
        failedDeployments: 2,
        timeToRestoreMs: null,
        incidentsResolved: 0,
        incidentsOpen: 0,
      },
      previous: {
        from: 0,
        to: 1,
        deployments: 2,
        deploymentsPerDay: 2 / 30,
        leadTimeMs: 6 * 3_600_000,
        changesMeasured: 1,
        changeFailureRate: 0,
        failedDeployments: 0,
        timeToRestoreMs: null,
        incidentsResolved: 0,
        incidentsOpen: 0,
      },
    },
  );
}

async function render(
  cicd: ReturnType<typeof api>,
  allowed: boolean,
  shown: Entity = entity,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [deliveryApiRef, cicd as unknown as DeliveryApi],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          }),
        ],
      ]}
    >
      <EntityProvider entity={shown}>
        <EntityCicdContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

jest.setTimeout(30_000);

describe('EntityCicdContent', () => {
  it('shows the latest runs, what is deployed where, DORA with its trend and the timeline', async () => {
    await render(api(), true);
    const run = (
      await screen.findByText('fix-cart', undefined, { timeout: 10_000 })
    ).closest('tr')!;
    expect(within(run).getByText('Failed')).toBeInTheDocument();
    expect(within(run).getByText('ccccccc')).toBeInTheDocument();
    expect(within(run).getByText('ben-okafor')).toBeInTheDocument();
    expect(within(run).getByText('7m 0s')).toBeInTheDocument();
    expect(within(run).getByText('12 minutes ago')).toBeInTheDocument();
    expect(within(run).getByText('CI/CD').closest('a')).toHaveAttribute(
      'href',
      'https://github.com/acme/cart-api/actions/runs/105',
    );

    expect(screen.getByText('1e0d9aa (rolled back)')).toBeInTheDocument();
    expect(screen.getByText('0.13 / day')).toBeInTheDocument();
    expect(screen.getByText('50 %')).toBeInTheDocument();
    expect(
      screen.getByText('▲ worse than the window before'),
    ).toBeInTheDocument();
    expect(screen.getByText('No data')).toBeInTheDocument();
    const rollback = screen
      .getByText('production rolled back to 1e0d9aa')
      .closest('[data-testid="timeline-entry"]') as HTMLElement;
    expect(within(rollback).getByText('CI/CD')).toBeInTheDocument();
    expect(within(rollback).getByText('portal')).toBeInTheDocument();
    // What the cluster recorded is marked as the cluster's.
    const abort = screen
      .getByText(/Release of cart-api aborted \(revision 7\)/)
      .closest('[data-testid="timeline-entry"]') as HTMLElement;
    expect(within(abort).getByText('cluster')).toBeInTheDocument();
  });

  it('opens a run to its stages and re-runs a failed one when allowed', async () => {
    const cicd = api();
    await render(cicd, true);
    const run = (
      await screen.findByText('fix-cart', undefined, { timeout: 10_000 })
    ).closest('tr')!;
    await userEvent.click(within(run).getAllByRole('button')[0]);
    expect(await screen.findByText(/Build and test/)).toBeInTheDocument();
    await userEvent.click(
      within(run).getByRole('button', { name: 'Re-run failed jobs' }),
    );
    expect(cicd.rerunPipelineRun).toHaveBeenCalledWith({
      entity: { kind: 'Component', namespace: 'default', name: 'cart-api' },
      provider: 'github-actions',
      runId: '105',
    });
  });

  it('offers no re-run to people who may not', async () => {
    // usePermission caches decisions per entity for the whole test file, so
    // this case asks about a service no earlier case has asked about.
    await render(api(), false, {
      ...entity,
      metadata: { ...entity.metadata, name: 'cart-api-elsewhere' },
    });
    await screen.findByText('fix-cart', undefined, { timeout: 10_000 });
    expect(
      screen.queryByRole('button', { name: 'Re-run failed jobs' }),
    ).not.toBeInTheDocument();
  });
});
