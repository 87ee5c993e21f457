import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { alertApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { DeliveryApi, deliveryApiRef } from '../../api/DeliveryApi';
import {
  paymentsEntity,
  pausedCanary,
  pausedCanaryForNonOwner,
  rolloutsResponse,
} from '../../__fixtures__/rollouts';
import { EntityDeliveryContent } from './EntityDeliveryContent';
import { cicdApiMock } from '../Cicd/__fixtures__/cicdApi';

function mockDeliveryApi() {
  return {
    getEntityRollouts: jest.fn<
      ReturnType<DeliveryApi['getEntityRollouts']>,
      Parameters<DeliveryApi['getEntityRollouts']>
    >(async () => rolloutsResponse(pausedCanary)),
    performAction: jest.fn<
      ReturnType<DeliveryApi['performAction']>,
      Parameters<DeliveryApi['performAction']>
    >(async () => ({
      record: {
        id: 'r1',
        entityRef: 'component:default/product-catalog',
        cluster: 'production',
        namespace: 'storefront',
        rollout: 'product-catalog',
        action: 'promote' as const,
        actor: 'user:default/guest',
        outcome: 'succeeded' as const,
        createdAt: new Date().toISOString(),
      },
    })),
    getHistory: jest.fn<
      ReturnType<DeliveryApi['getHistory']>,
      Parameters<DeliveryApi['getHistory']>
    >(async () => ({ items: [] })),
    getReleasesInFlight: jest.fn<
      ReturnType<DeliveryApi['getReleasesInFlight']>,
      Parameters<DeliveryApi['getReleasesInFlight']>
    >(),
    ...cicdApiMock(),
  };
}

async function render(
  deliveryApi: DeliveryApi,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  entity = paymentsEntity,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [deliveryApiRef, deliveryApi],
        [permissionApiRef, mockApis.permission({ authorize })],
        [alertApiRef, { post: jest.fn(), alert$: jest.fn() }],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityDeliveryContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

// The whole tab renders and is clicked through with userEvent, which takes
// more than Jest's default 5 s on two busy cores.
jest.setTimeout(30_000);

describe('EntityDeliveryContent', () => {
  it('shows where a paused canary stands and its canary health', async () => {
    await render(mockDeliveryApi());
    expect(
      await screen.findByText('product-catalog · production'),
    ).toBeInTheDocument();
    expect(screen.getByText(/step 2 of 5/)).toBeInTheDocument();
    expect(screen.getByText('Pause until promoted')).toBeInTheDocument();
    expect(
      screen.getByRole('meter', { name: 'Canary traffic weight' }),
    ).toHaveAttribute('aria-valuenow', '20');
    expect(
      screen.getAllByText('registry.acme.example/product-catalog:1.12.0')
        .length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(/last value \[0.997\]/)).toBeInTheDocument();
    // One cluster failing does not hide the others.
    expect(
      screen.getByText(/Cluster staging could not be reached/),
    ).toBeInTheDocument();
  });

  it('promotes after confirmation, with the reason, and refreshes the history', async () => {
    const api = mockDeliveryApi();
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Promote' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Promote product-catalog in production?'),
    ).toBeInTheDocument();
    await userEvent.type(
      within(dialog).getByLabelText('Reason (optional)'),
      'canary metrics look good',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );
    await waitFor(() => expect(api.performAction).toHaveBeenCalledTimes(1));
    const call = api.performAction.mock.calls[0][0];
    expect(call.request).toEqual({
      action: 'promote',
      reason: 'canary metrics look good',
      revision: undefined,
      // Promote applies only to the state the person saw.
      resourceVersion: '42',
    });
    expect(call.rollout).toMatchObject({
      cluster: 'production',
      namespace: 'storefront',
      name: 'product-catalog',
    });
    expect(call.idempotencyKey).toEqual(expect.any(String));
    await waitFor(() => expect(api.getHistory).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('keeps the dialog open and shows why when the backend refuses', async () => {
    const api = mockDeliveryApi();
    api.performAction.mockRejectedValue(
      new Error(
        'The rollout changed while you were acting on it; refresh and try again',
      ),
    );
    await render(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Abort' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Abort' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The rollout changed while you were acting on it',
    );
  });

  it('offers a rollback to the revision before the stable one by default', async () => {
    const api = mockDeliveryApi();
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    );
    await waitFor(() =>
      expect(api.performAction.mock.calls[0][0].request).toMatchObject({
        action: 'rollback',
        // Revision 3 is the stable one, which Abort already returns to.
        revision: 2,
      }),
    );
  });

  it('disables actions that make no sense now, saying why', async () => {
    await render(mockDeliveryApi());
    const retry = await screen.findByRole('button', { name: 'Retry' });
    expect(retry).toBeDisabled();
    expect(
      screen.getByLabelText(
        'Retry: Rollout storefront/product-catalog is not aborted; only an aborted rollout can be retried.',
      ),
    ).toBeInTheDocument();
  });

  it('disables every action for a user the backend says may not act', async () => {
    const api = mockDeliveryApi();
    api.getEntityRollouts.mockResolvedValue(
      rolloutsResponse(pausedCanaryForNonOwner),
    );
    await render(api);
    const promote = await screen.findByRole('button', { name: 'Promote' });
    expect(promote).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Abort' })).toBeDisabled();
    const reason =
      'Only the owners (Storefront team) and release managers may fully promote this service.';
    expect(
      screen.getByLabelText(`Promote fully: ${reason}`),
    ).toBeInTheDocument();
    // Shown beside the button, not only in its tooltip.
    expect(screen.getByText(reason)).toBeVisible();
  });

  it('tells what to do when the entity has no kubernetes annotation', async () => {
    await render(mockDeliveryApi(), AuthorizeResult.ALLOW, {
      ...paymentsEntity,
      metadata: { name: 'no-annotation', namespace: 'default' },
    });
    expect(
      (await screen.findAllByText(/backstage.io\/kubernetes-id/)).length,
    ).toBeGreaterThan(0);
  });

  it('does not claim "no rollouts" when no cluster could be asked', async () => {
    const api = mockDeliveryApi();
    api.getEntityRollouts.mockResolvedValue({
      entityRef: 'component:default/product-catalog',
      clusters: [
        {
          cluster: 'production',
          rollouts: [],
          error: { message: 'connect ECONNREFUSED 127.0.0.1:7022' },
        },
      ],
    });
    await render(api);
    expect(
      await screen.findByText(/connect ECONNREFUSED 127.0.0.1:7022/),
    ).toBeInTheDocument();
    expect(screen.queryByText('No rollouts found')).not.toBeInTheDocument();
  });

  it('explains how to label workloads when no rollout is found', async () => {
    const api = mockDeliveryApi();
    api.getEntityRollouts.mockResolvedValue({
      entityRef: 'component:default/product-catalog',
      clusters: [{ cluster: 'production', rollouts: [] }],
    });
    await render(api);
    expect(await screen.findByText('No rollouts found')).toBeInTheDocument();
    expect(
      screen.getByText(/backstage.io\/kubernetes-id=product-catalog/),
    ).toBeInTheDocument();
  });

  it('says a cluster is shown as of when its changes stopped arriving', async () => {
    const api = mockDeliveryApi();
    api.getEntityRollouts.mockResolvedValue({
      entityRef: 'component:default/product-catalog',
      clusters: [
        {
          cluster: 'production',
          rollouts: [pausedCanary],
          stale: {
            since: '2026-11-30T09:58:00Z',
            message: 'watch on rollouts closed: connection reset',
          },
        },
      ],
    });
    await render(api);
    expect(
      await screen.findByText(/Cluster production: shown as of/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/watch on rollouts closed: connection reset/),
    ).toBeInTheDocument();
    // The rollout is still shown, as last known.
    expect(
      screen.getByText('product-catalog · production'),
    ).toBeInTheDocument();
  });

  it('counts down a timed pause and explains a replica-based weight', async () => {
    const api = mockDeliveryApi();
    api.getEntityRollouts.mockResolvedValue(
      rolloutsResponse({
        ...pausedCanary,
        currentStepIndex: 4,
        pauseConditions: [
          {
            reason: 'CanaryPauseStep',
            startTime: new Date(Date.now() - 20_000).toISOString(),
          },
        ],
        weights: {
          canary: 25,
          stable: 75,
          replicaBased: { canaryPods: 1, availablePods: 4 },
        },
      }),
    );
    await render(api);
    // 60 s from a pause that began 20 s before the page asked.
    const timer = await screen.findByRole('timer');
    const seconds = Number(
      /resumes by itself in (\d+) s/.exec(timer.textContent ?? '')?.[1],
    );
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(40);
    expect(
      screen.getByText(/Replica-based: 1 of 4 pods ≈ 25%/),
    ).toBeInTheDocument();
  });

  it('shows each metric beside its thresholds, with no dangling separator', async () => {
    const api = mockDeliveryApi();
    const [run] = pausedCanary.analysisRuns;
    api.getEntityRollouts.mockResolvedValue(
      rolloutsResponse({
        ...pausedCanary,
        analysisRuns: [
          {
            ...run,
            metrics: [
              {
                ...run.metrics[0],
                successCondition: 'result[0] >= 0.99',
                failureCondition: 'result[0] < 0.95',
              },
            ],
          },
        ],
      }),
    );
    await render(api);
    const analysisRun = await screen.findByTestId('analysis-run');
    expect(
      within(analysisRun).getByText(
        'passes when result[0] >= 0.99; fails when result[0] < 0.95',
      ),
    ).toBeInTheDocument();
    expect(within(analysisRun).getByText('last value [0.997]')).toBeVisible();
    expect(analysisRun).not.toHaveTextContent('·');
  });

  it('speaks of preview and active, not of a canary, for a blue/green rollout', async () => {
    const api = mockDeliveryApi();
    api.getEntityRollouts.mockResolvedValue(
      rolloutsResponse({
        ...pausedCanary,
        strategy: 'blueGreen',
        message: undefined,
        steps: [],
        currentStepIndex: undefined,
        weights: undefined,
        pauseConditions: [
          { reason: 'BlueGreenPause', startTime: new Date().toISOString() },
        ],
        canaryRevision: undefined,
        stableRevision: { ...pausedCanary.stableRevision!, role: 'active' },
        revisions: pausedCanary.revisions.map(r => ({
          ...r,
          role: r.role === 'canary' ? 'preview' : 'active',
        })),
        blueGreen: {
          activeService: 'product-catalog',
          previewService: 'product-catalog-preview',
        },
      }),
    );
    await render(api);
    const card = await screen.findByTestId('rollout-card');
    expect(within(card).getByText(/blue\/green/)).toBeInTheDocument();
    expect(
      within(card).getByText('product-catalog-preview'),
    ).toBeInTheDocument();
    expect(card).not.toHaveTextContent(/canary/i);
  });
});
