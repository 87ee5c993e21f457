import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { DeliveryApi, deliveryApiRef } from '../../api/DeliveryApi';
import { ReleasesContent } from './ReleasesContent';

const api: jest.Mocked<DeliveryApi> = {
  getEntityRollouts: jest.fn(),
  performAction: jest.fn(),
  getHistory: jest.fn(),
  getCicdSummary: jest.fn(),
  getCicdTimeline: jest.fn(),
  getDora: jest.fn(),
  rerunPipelineRun: jest.fn(),
  getReleasesInFlight: jest.fn(async () => ({
    clusterErrors: [],
    items: [
      {
        entityRef: 'component:default/payments-api',
        owner: 'group:default/team-checkout',
        cluster: 'production',
        namespace: 'checkout',
        rollout: 'payments-api',
        strategy: 'blueGreen' as const,
        phase: 'Paused' as const,
        message: 'BlueGreenPause',
        images: ['registry.acme.example/payments-api:3.1.0'],
      },
      {
        entityRef: 'component:default/shipping-api',
        owner: 'group:default/team-fulfilment',
        ownerTitle: 'Fulfilment team',
        cluster: 'production',
        namespace: 'fulfilment',
        rollout: 'shipping-api',
        strategy: 'canary' as const,
        phase: 'Degraded' as const,
        currentStepIndex: 0,
        totalSteps: 4,
        canaryWeight: 0,
        aborted: true,
        startedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
        images: ['registry.acme.example/shipping-api:1.9.0'],
        candidateImages: ['registry.acme.example/shipping-api:2.0.0'],
      },
    ],
  })),
};

jest.setTimeout(30_000);

describe('ReleasesContent', () => {
  it('lists releases in flight, links to the Delivery tab and filters by owner', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[deliveryApiRef, api]]}>
        <ReleasesContent />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByRole('link', { name: 'payments-api' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/delivery',
    );
    expect(screen.getByText('Releases in flight (2)')).toBeInTheDocument();
    expect(screen.getByText('1/4')).toBeInTheDocument();

    // An aborted release reads as on the Delivery tab, with what still serves.
    const shipping = screen.getByText('fulfilment/shipping-api').closest('tr')!;
    expect(within(shipping).getByText('Aborted')).toBeInTheDocument();
    expect(within(shipping).getByText('5 minutes ago')).toBeInTheDocument();
    expect(
      within(shipping).getByText('registry.acme.example/shipping-api:1.9.0'),
    ).toBeInTheDocument();
    expect(
      within(shipping).getByText(/aborted: .*shipping-api:2\.0\.0/),
    ).toBeInTheDocument();

    // Owners by the names the table shows; the choice goes into the URL.
    await userEvent.click(screen.getByLabelText('Owner'));
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByText('Fulfilment team'),
    );
    expect(
      await screen.findByText('Releases in flight (1)'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'payments-api' }),
    ).not.toBeInTheDocument();
  });

  it('shows the health verdict of each release in flight, and asks only about those', async () => {
    const getReleaseHealth = jest.fn(async () => ({
      cluster: 'production',
      namespace: 'checkout',
      rollout: 'payments-api',
      strategy: 'blueGreen' as const,
      verdict: 'Fail' as const,
      score: 0,
      reason: 'critical metric error-ratio is High',
      metrics: [],
    }));
    await renderInTestApp(
      <TestApiProvider apis={[[deliveryApiRef, { ...api, getReleaseHealth }]]}>
        <ReleasesContent />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const payments = (await screen.findByText('checkout/payments-api')).closest(
      'tr',
    )!;
    expect(await within(payments).findByText('Fail · 0')).toBeInTheDocument();
    const shipping = screen.getByText('fulfilment/shipping-api').closest('tr')!;
    expect(
      within(shipping).getByText('no release in flight'),
    ).toBeInTheDocument();
    expect(getReleaseHealth).toHaveBeenCalledTimes(1);
    expect(getReleaseHealth).toHaveBeenCalledWith({
      entity: { kind: 'component', namespace: 'default', name: 'payments-api' },
      cluster: 'production',
      namespace: 'checkout',
      name: 'payments-api',
    });
  });
});
