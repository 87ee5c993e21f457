import { mockServices } from '@backstage/backend-test-utils';
import { ROLLOUT_CHANGE_CHANNEL } from '@internal/plugin-delivery-common';
import { RolloutChange } from './ClusterWatchCache';
import { RolloutChangeSignals } from './RolloutChangeSignals';

describe('RolloutChangeSignals', () => {
  it('sends one broadcast per changed Rollout, naming it and nothing of its state', async () => {
    const publish = jest.fn(async () => {});
    let listener: (change: RolloutChange) => void = () => {};
    const signals = new RolloutChangeSignals({
      signals: { publish },
      logger: mockServices.logger.mock(),
      coalesceMs: 20,
    });
    signals.start({
      onChange: l => {
        listener = l;
        return () => {};
      },
    });

    // A step touches the Rollout, its ReplicaSet and its AnalysisRun at once.
    const cart = {
      cluster: 'staging',
      namespace: 'checkout',
      rollout: 'cart-api',
      kubernetesId: 'cart-api',
    };
    listener(cart);
    listener(cart);
    listener({ ...cart, cluster: 'production' });
    expect(publish).not.toHaveBeenCalled();
    await new Promise(resolve => setTimeout(resolve, 50));

    expect(publish).toHaveBeenCalledTimes(2);
    expect(publish).toHaveBeenCalledWith({
      recipients: { type: 'broadcast' },
      channel: ROLLOUT_CHANGE_CHANNEL,
      message: cart,
    });
    signals.stop();
  });
});
