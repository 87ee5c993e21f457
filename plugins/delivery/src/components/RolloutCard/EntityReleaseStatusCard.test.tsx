import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { DeliveryApi, deliveryApiRef } from '../../api/DeliveryApi';
import {
  paymentsEntity,
  pausedCanary,
  rolloutsResponse,
} from '../../__fixtures__/rollouts';
import { EntityReleaseStatusCard } from './EntityReleaseStatusCard';

const settled = {
  ...pausedCanary,
  name: 'product-catalog-worker',
  phase: 'Healthy' as const,
  paused: false,
  canaryRevision: undefined,
};

async function render(api: Partial<DeliveryApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[deliveryApiRef, api]]}>
      <EntityProvider entity={paymentsEntity}>
        <EntityReleaseStatusCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityReleaseStatusCard', () => {
  it("shows the verdict on the release in flight, and none for a settled rollout's", async () => {
    const getReleaseHealth = jest.fn(async () => ({
      cluster: 'production',
      namespace: 'storefront',
      rollout: 'product-catalog',
      strategy: 'canary' as const,
      verdict: 'Marginal' as const,
      score: 62,
      reason: 'score 62 is below the pass threshold 75',
      metrics: [],
    }));
    await render({
      getEntityRollouts: async () => rolloutsResponse(pausedCanary, settled),
      getReleaseHealth,
    });
    const [inFlight, idle] = await screen.findAllByTestId('release-status');
    expect(
      await within(inFlight).findByText('Marginal · 62'),
    ).toBeInTheDocument();
    expect(within(idle).getByText('no release in flight')).toBeInTheDocument();
    expect(getReleaseHealth).toHaveBeenCalledTimes(1);
    expect(getReleaseHealth).toHaveBeenCalledWith(
      expect.objectContaining({
        cluster: 'production',
        name: 'product-catalog',
      }),
    );
  });
});
