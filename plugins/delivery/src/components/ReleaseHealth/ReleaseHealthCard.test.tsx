import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  ReleaseHealth,
  RolloutChangeSignal,
} from '@internal/plugin-delivery-common';
import { act, screen } from '@testing-library/react';
import { DeliveryApi, deliveryApiRef, RolloutRef } from '../../api/DeliveryApi';
import { ReleaseHealthCard } from './ReleaseHealthCard';

const ROLLOUT: RolloutRef = {
  entity: { kind: 'component', namespace: 'default', name: 'orders-api' },
  cluster: 'production',
  namespace: 'checkout',
  name: 'orders-api',
};

const FAILING: ReleaseHealth = {
  cluster: 'production',
  namespace: 'checkout',
  rollout: 'orders-api',
  strategy: 'canary',
  verdict: 'Fail',
  score: 0,
  reason: 'critical metric error-ratio is High',
  metrics: [
    {
      name: 'error-ratio',
      group: 'errors',
      kind: 'errorRatio',
      result: 'High',
      critical: true,
      reason: 'canary fails more than 1.5× as often as stable',
      unit: 'ratio',
      canaryValue: 0.129,
      stableValue: 0.01,
      canaryRequests: 4200,
      stableRequests: 38000,
      tolerance: 0.5,
      threshold:
        "fails if the canary's error ratio is above 1.5 × the stable's",
      link: 'http://prometheus.example/graph?g0.expr=x',
      series: [
        { time: 0, canary: 0.12, stable: 0.01 },
        { time: 2000, canary: 0.14, stable: 0.01 },
      ],
    },
    {
      name: 'latency-p95',
      group: 'latency',
      kind: 'samples',
      result: 'NoData',
      critical: false,
      reason: 'too few samples',
      unit: 's',
      stableValue: 0.081,
      tolerance: 0.25,
      threshold:
        'fails if the canary increases by more than 25 % of the stable',
      evidenceNeeded: { unit: 'samples', amount: 12 },
      series: [],
    },
  ],
};

async function render(health: ReleaseHealth | Error) {
  const api = {
    getReleaseHealth: jest.fn(async () => {
      if (health instanceof Error) throw health;
      return health;
    }),
  } as unknown as DeliveryApi;
  await renderInTestApp(
    <TestApiProvider apis={[[deliveryApiRef, api]]}>
      <ReleaseHealthCard rollout={ROLLOUT} />
    </TestApiProvider>,
  );
  return api;
}

describe('ReleaseHealthCard', () => {
  it('shows the verdict, both sides of each metric beside its threshold, and the link to Prometheus', async () => {
    const api = await render(FAILING);
    expect(await screen.findByText('Fail · score 0')).toBeInTheDocument();
    expect(api.getReleaseHealth).toHaveBeenCalledWith(ROLLOUT);
    expect(screen.getByText('12.90 % of 4,200 requests')).toBeInTheDocument();
    expect(screen.getByText('1.00 % of 38,000 requests')).toBeInTheDocument();
    expect(
      screen.getByText(
        "fails if the canary's error ratio is above 1.5 × the stable's",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('inconclusive: about 12 more samples needed'),
    ).toBeInTheDocument();
    expect(screen.getByText('81 ms')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /error-ratio: canary/ }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('link', { name: 'Open in Prometheus' })[0],
    ).toHaveAttribute('href', 'http://prometheus.example/graph?g0.expr=x');
  });

  it('names preview and active for blue/green, and says when there is no verdict', async () => {
    await render({
      ...FAILING,
      strategy: 'blueGreen',
      verdict: 'Inconclusive',
      reason:
        'no verdict available: no Prometheus configured for cluster staging',
      metrics: [],
    });
    expect(
      await screen.findByText('Inconclusive · score 0'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'no verdict available: no Prometheus configured for cluster staging',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Pass', { exact: false })).toBeNull();
  });

  it('says when the release health cannot be read', async () => {
    await render(new Error('Prometheus timed out'));
    expect(
      await screen.findByText(
        'Release health could not be read: Prometheus timed out',
      ),
    ).toBeInTheDocument();
  });

  it('judges again when the backend signals a change to its rollout', async () => {
    let send: (signal: RolloutChangeSignal) => void = () => {};
    const signalApi: SignalApi = {
      subscribe(_channel, onMessage) {
        send = onMessage as unknown as typeof send;
        return { unsubscribe: () => {} };
      },
    };
    const getReleaseHealth = jest
      .fn()
      .mockResolvedValueOnce({
        ...FAILING,
        verdict: 'Inconclusive',
        reason: 'inconclusive: about 1200 more requests needed',
        metrics: [],
      })
      .mockResolvedValue(FAILING);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [deliveryApiRef, { getReleaseHealth } as Partial<DeliveryApi>],
          [signalApiRef, signalApi],
        ]}
      >
        <ReleaseHealthCard rollout={ROLLOUT} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Inconclusive · score 0'),
    ).toBeInTheDocument();
    act(() =>
      send({
        cluster: 'production',
        namespace: 'checkout',
        rollout: 'orders-api',
        kubernetesId: 'orders-api',
      }),
    );
    expect(await screen.findByText('Fail · score 0')).toBeInTheDocument();
    expect(screen.getByText('12.90 % of 4,200 requests')).toBeInTheDocument();
  });
});
