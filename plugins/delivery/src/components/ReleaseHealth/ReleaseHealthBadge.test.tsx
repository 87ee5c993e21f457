import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ReleaseHealth } from '@internal/plugin-delivery-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryApi, deliveryApiRef, RolloutRef } from '../../api/DeliveryApi';
import { ReleaseHealthBadge } from './ReleaseHealthBadge';

const ROLLOUT: RolloutRef = {
  entity: { kind: 'component', namespace: 'default', name: 'orders-api' },
  cluster: 'production',
  namespace: 'checkout',
  name: 'orders-api',
};

const health = (overrides: Partial<ReleaseHealth>): ReleaseHealth => ({
  cluster: 'production',
  namespace: 'checkout',
  rollout: 'orders-api',
  strategy: 'canary',
  verdict: 'Pass',
  score: 100,
  reason: 'every metric passed',
  metrics: [],
  ...overrides,
});

async function renderBadge(
  getReleaseHealth: DeliveryApi['getReleaseHealth'],
  inFlight = true,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[deliveryApiRef, { getReleaseHealth } as Partial<DeliveryApi>]]}
    >
      <ReleaseHealthBadge rollout={ROLLOUT} inFlight={inFlight} />
    </TestApiProvider>,
  );
}

describe('ReleaseHealthBadge', () => {
  it('shows the verdict and score, with the reason on hover', async () => {
    await renderBadge(async () =>
      health({
        verdict: 'Fail',
        score: 0,
        reason: 'critical metric error-ratio is High',
      }),
    );
    const badge = await screen.findByText('Fail · 0');
    await userEvent.hover(badge);
    expect(
      await screen.findByText('critical metric error-ratio is High'),
    ).toBeInTheDocument();
  });

  it('says Inconclusive without a score', async () => {
    await renderBadge(async () =>
      health({ verdict: 'Inconclusive', score: 0, reason: 'not enough data' }),
    );
    expect(await screen.findByText('Inconclusive')).toBeInTheDocument();
    expect(screen.queryByText(/·/)).not.toBeInTheDocument();
  });

  it('does not ask about a rollout with nothing in flight, and never shows it as a pass', async () => {
    const getReleaseHealth = jest.fn();
    await renderBadge(getReleaseHealth, false);
    expect(screen.getByText('no release in flight')).toBeInTheDocument();
    expect(getReleaseHealth).not.toHaveBeenCalled();
  });

  it('says so when the backend finds no new revision to judge', async () => {
    await renderBadge(async () =>
      health({
        verdict: 'Inconclusive',
        score: 0,
        reason:
          'no release in flight: there is no new revision to compare with the stable one',
      }),
    );
    expect(await screen.findByText('no release in flight')).toBeInTheDocument();
  });

  it('says "no verdict" when the health cannot be read', async () => {
    await renderBadge(async () => {
      throw new Error('Prometheus is down');
    });
    expect(await screen.findByText('no verdict')).toBeInTheDocument();
  });
});
