import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  ReleaseHealth,
  RolloutChangeSignal,
} from '@internal/plugin-delivery-common';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { DeliveryApi, deliveryApiRef, RolloutRef } from '../../api/DeliveryApi';
import { ReleaseHealthBadge } from './ReleaseHealthBadge';
import { REJUDGE_MS } from './useReleaseHealth';

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

/** The signals the delivery backend would push, sent by the test. */
function fakeSignals() {
  const listeners: Array<(message: RolloutChangeSignal) => void> = [];
  const api: SignalApi = {
    subscribe(_channel, onMessage) {
      listeners.push(
        onMessage as unknown as (message: RolloutChangeSignal) => void,
      );
      return { unsubscribe: () => {} };
    },
  };
  const send = (signal: Partial<RolloutChangeSignal>) =>
    act(() =>
      listeners.forEach(l =>
        l({
          cluster: 'production',
          namespace: 'checkout',
          rollout: 'orders-api',
          kubernetesId: 'orders-api',
          ...signal,
        }),
      ),
    );
  return { api, send };
}

const INCONCLUSIVE = health({
  verdict: 'Inconclusive',
  score: 0,
  reason: 'inconclusive: about 1200 more requests needed',
});
const FAILING = health({
  verdict: 'Fail',
  score: 0,
  reason: 'critical metric error-ratio is High',
});

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

  it('judges again when its rollout changes, without a remount', async () => {
    const signals = fakeSignals();
    const getReleaseHealth = jest
      .fn()
      .mockResolvedValueOnce(INCONCLUSIVE)
      .mockResolvedValue(FAILING);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [deliveryApiRef, { getReleaseHealth } as Partial<DeliveryApi>],
          [signalApiRef, signals.api],
        ]}
      >
        <ReleaseHealthBadge rollout={ROLLOUT} inFlight />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Inconclusive')).toBeInTheDocument();

    // Another rollout moved: nothing to judge again.
    signals.send({ rollout: 'payments-api', kubernetesId: 'payments-api' });
    expect(getReleaseHealth).toHaveBeenCalledTimes(1);

    signals.send({});
    expect(await screen.findByText('Fail · 0')).toBeInTheDocument();
    expect(screen.queryByText('Inconclusive')).not.toBeInTheDocument();
    expect(getReleaseHealth).toHaveBeenCalledTimes(2);
  });

  describe('while a release is in flight', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('judges it again every half minute, one request for every badge showing it', async () => {
      const getReleaseHealth = jest
        .fn()
        .mockResolvedValueOnce(INCONCLUSIVE)
        .mockResolvedValue(FAILING);
      await renderInTestApp(
        <TestApiProvider
          apis={[
            [deliveryApiRef, { getReleaseHealth } as Partial<DeliveryApi>],
          ]}
        >
          <ReleaseHealthBadge rollout={ROLLOUT} inFlight />
          <ReleaseHealthBadge rollout={ROLLOUT} inFlight />
        </TestApiProvider>,
      );
      expect(await screen.findAllByText('Inconclusive')).toHaveLength(2);
      expect(getReleaseHealth).toHaveBeenCalledTimes(1);

      await act(async () => {
        jest.advanceTimersByTime(REJUDGE_MS);
      });
      expect(await screen.findAllByText('Fail · 0')).toHaveLength(2);
      expect(getReleaseHealth).toHaveBeenCalledTimes(2);
    });

    it('does not poll a rollout with nothing in flight', async () => {
      const getReleaseHealth = jest.fn();
      await renderBadge(getReleaseHealth, false);
      await act(async () => {
        jest.advanceTimersByTime(3 * REJUDGE_MS);
      });
      expect(getReleaseHealth).not.toHaveBeenCalled();
    });
  });

  it("does not show a release's verdict for the next one started while it was not shown", async () => {
    const signals = fakeSignals();
    const getReleaseHealth = jest
      .fn()
      .mockResolvedValueOnce(FAILING)
      .mockResolvedValue(INCONCLUSIVE);
    // The badge of a row whose release ends, then a new one starts.
    const Row = () => {
      const [inFlight, setInFlight] = useState(true);
      return (
        <>
          <button onClick={() => setInFlight(!inFlight)}>toggle</button>
          <ReleaseHealthBadge rollout={ROLLOUT} inFlight={inFlight} />
        </>
      );
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [deliveryApiRef, { getReleaseHealth } as Partial<DeliveryApi>],
          [signalApiRef, signals.api],
        ]}
      >
        <Row />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Fail · 0')).toBeInTheDocument();
    await userEvent.click(screen.getByText('toggle'));
    expect(screen.getByText('no release in flight')).toBeInTheDocument();

    signals.send({});
    expect(getReleaseHealth).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByText('toggle'));
    expect(await screen.findByText('Inconclusive')).toBeInTheDocument();
    expect(getReleaseHealth).toHaveBeenCalledTimes(2);
  });
});
