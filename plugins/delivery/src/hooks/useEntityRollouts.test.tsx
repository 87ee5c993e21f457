import { PropsWithChildren } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { DeliveryApi, deliveryApiRef } from '../api/DeliveryApi';
import { pausedCanary, rolloutsResponse } from '../__fixtures__/rollouts';
import { useEntityRollouts } from './useEntityRollouts';

const entity = {
  kind: 'Component',
  namespace: 'default',
  name: 'product-catalog',
};

function renderWith(getEntityRollouts: DeliveryApi['getEntityRollouts']) {
  const api = { getEntityRollouts } as jest.Mocked<DeliveryApi>;
  const wrapper = ({ children }: PropsWithChildren<{}>) => (
    <TestApiProvider apis={[[deliveryApiRef, api]]}>{children}</TestApiProvider>
  );
  return renderHook(() => useEntityRollouts(entity), { wrapper });
}

/** Lets the clock run and the resulting fetch settle. */
async function elapse(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
}

describe('useEntityRollouts', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('loads the rollouts of the entity', async () => {
    const get = jest.fn(async () => rolloutsResponse(pausedCanary));
    const { result } = renderWith(get);
    await waitFor(() => expect(result.current.value).toBeDefined());
    expect(get).toHaveBeenCalledWith(entity);
    expect(result.current.value?.clusters[0].rollouts[0].name).toBe(
      pausedCanary.name,
    );
  });

  it('refreshes every 3 seconds while a rollout is moving', async () => {
    const get = jest.fn(async () => rolloutsResponse(pausedCanary));
    const { result } = renderWith(get);
    await waitFor(() => expect(result.current.value).toBeDefined());
    await elapse(3000);
    await waitFor(() => expect(get).toHaveBeenCalledTimes(2));
  });

  it('refreshes a settled rollout only every 15 seconds', async () => {
    const healthy = { ...pausedCanary, phase: 'Healthy' as const };
    const get = jest.fn(async () => rolloutsResponse(healthy));
    const { result } = renderWith(get);
    await waitFor(() => expect(result.current.value).toBeDefined());
    await elapse(6000);
    expect(get).toHaveBeenCalledTimes(1);
    await elapse(9000);
    await waitFor(() => expect(get).toHaveBeenCalledTimes(2));
  });

  it('keeps the last answer when a refresh fails, and says why', async () => {
    const get = jest
      .fn<ReturnType<DeliveryApi['getEntityRollouts']>, []>()
      .mockResolvedValueOnce(rolloutsResponse(pausedCanary))
      .mockRejectedValue(new Error('backend down'));
    const { result } = renderWith(get);
    await waitFor(() => expect(result.current.value).toBeDefined());
    await elapse(3000);
    await waitFor(() =>
      expect(result.current.error?.message).toBe('backend down'),
    );
    expect(result.current.value?.clusters[0].rollouts).toHaveLength(1);
  });

  it('reloads when a signal names one of its rollouts, and does not poll every few seconds meanwhile', async () => {
    const listeners: Array<(message: any) => void> = [];
    const signalApi: SignalApi = {
      subscribe(_channel, onMessage) {
        listeners.push(onMessage as (message: any) => void);
        return { unsubscribe: () => {} };
      },
    };
    const get = jest.fn(async () => rolloutsResponse(pausedCanary));
    const api = { getEntityRollouts: get } as unknown as DeliveryApi;
    const wrapper = ({ children }: PropsWithChildren<{}>) => (
      <TestApiProvider
        apis={[
          [deliveryApiRef, api],
          [signalApiRef, signalApi],
        ]}
      >
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => useEntityRollouts(entity), {
      wrapper,
    });
    await waitFor(() => expect(result.current.value).toBeDefined());
    await elapse(15000);
    expect(get).toHaveBeenCalledTimes(1);

    act(() =>
      listeners.forEach(l =>
        l({
          cluster: 'production',
          namespace: 'other',
          rollout: 'product-catalog',
          kubernetesId: 'another-service',
        }),
      ),
    );
    expect(get).toHaveBeenCalledTimes(1);
    act(() =>
      listeners.forEach(l =>
        l({
          cluster: 'production',
          namespace: 'storefront',
          rollout: 'product-catalog',
          kubernetesId: null,
        }),
      ),
    );
    await waitFor(() => expect(get).toHaveBeenCalledTimes(2));
  });
});
