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
        cluster: 'production',
        namespace: 'fulfilment',
        rollout: 'shipping-api',
        strategy: 'canary' as const,
        phase: 'Degraded' as const,
        currentStepIndex: 0,
        totalSteps: 4,
        canaryWeight: 0,
        images: ['registry.acme.example/shipping-api:2.0.0'],
      },
    ],
  })),
};

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

    await userEvent.click(screen.getByLabelText('Owner'));
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByText('team-fulfilment'),
    );
    expect(
      await screen.findByText('Releases in flight (1)'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'payments-api' }),
    ).not.toBeInTheDocument();
  });
});
