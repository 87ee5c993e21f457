import { renderHook } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import {
  ROLLOUT_CHANGE_CHANNEL,
  RolloutChangeSignal,
} from '@internal/plugin-delivery-common';
import { PropsWithChildren } from 'react';
import { useRolloutChangeSignal } from './useRolloutChangeSignal';

function fakeSignals() {
  const listeners = new Map<string, (message: any) => void>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      listeners.set(channel, onMessage as (message: any) => void);
      return { unsubscribe: () => listeners.delete(channel) };
    },
  };
  const send = (signal: RolloutChangeSignal) =>
    listeners.get(ROLLOUT_CHANGE_CHANNEL)?.(signal);
  return { api, send, listeners };
}

const cart: RolloutChangeSignal = {
  cluster: 'staging',
  namespace: 'checkout',
  rollout: 'cart-api',
  kubernetesId: 'cart-api',
};

describe('useRolloutChangeSignal', () => {
  afterEach(() => jest.useRealTimers());

  it('reloads at once on a signal the page concerns, and merges a burst', () => {
    jest.useFakeTimers();
    const { api, send } = fakeSignals();
    const reload = jest.fn();
    const wrapper = ({ children }: PropsWithChildren) => (
      <TestApiProvider apis={[[signalApiRef, api]]}>{children}</TestApiProvider>
    );
    const { result } = renderHook(
      () => useRolloutChangeSignal(reload, s => s.rollout === 'cart-api'),
      { wrapper },
    );
    expect(result.current.live).toBe(true);

    send({ ...cart, rollout: 'orders-api' });
    expect(reload).not.toHaveBeenCalled();

    send(cart);
    expect(reload).toHaveBeenCalledTimes(1);
    send(cart);
    send(cart);
    expect(reload).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(300);
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('says signals are not live when the app has no signals plugin', () => {
    const wrapper = ({ children }: PropsWithChildren) => (
      <TestApiProvider apis={[]}>{children}</TestApiProvider>
    );
    const { result } = renderHook(() => useRolloutChangeSignal(jest.fn()), {
      wrapper,
    });
    expect(result.current.live).toBe(false);
  });
});
