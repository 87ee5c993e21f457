import { PropsWithChildren } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { ReleaseRecord } from '@internal/plugin-delivery-common';
import { DeliveryApi, deliveryApiRef } from '../api/DeliveryApi';
import { useReleaseHistory } from './useReleaseHistory';

const ENTITY = 'component:default/product-catalog';

function record(id: string): ReleaseRecord {
  return {
    id,
    entityRef: ENTITY,
    cluster: 'production',
    namespace: 'storefront',
    rollout: 'product-catalog',
    action: 'promote',
    actor: 'user:default/ana.silva',
    outcome: 'succeeded',
    createdAt: '2026-11-30T10:00:00Z',
  };
}

function renderWith(
  getHistory: DeliveryApi['getHistory'],
  initialKey: number = 0,
) {
  const api = { getHistory } as jest.Mocked<DeliveryApi>;
  const wrapper = ({ children }: PropsWithChildren<{}>) => (
    <TestApiProvider apis={[[deliveryApiRef, api]]}>{children}</TestApiProvider>
  );
  return renderHook(({ refreshKey }) => useReleaseHistory(ENTITY, refreshKey), {
    wrapper,
    initialProps: { refreshKey: initialKey },
  });
}

describe('useReleaseHistory', () => {
  it('loads the first page and appends older pages on request', async () => {
    const get = jest.fn(async ({ cursor }: { cursor?: string }) =>
      cursor
        ? { items: [record('r3')] }
        : { items: [record('r1'), record('r2')], nextCursor: 'c1' },
    );
    const { result } = renderWith(get);
    await waitFor(() => expect(result.current.items).toHaveLength(2));
    expect(get).toHaveBeenCalledWith({
      entityRef: ENTITY,
      limit: 20,
      cursor: undefined,
    });

    await act(async () => result.current.loadOlder!());
    await waitFor(() =>
      expect(result.current.items.map(r => r.id)).toEqual(['r1', 'r2', 'r3']),
    );
    expect(get).toHaveBeenLastCalledWith({
      entityRef: ENTITY,
      limit: 20,
      cursor: 'c1',
    });
    // The last page had no cursor: nothing older to ask for.
    expect(result.current.loadOlder).toBeUndefined();
  });

  it('starts again from the newest page when the refresh key changes', async () => {
    const get = jest
      .fn<ReturnType<DeliveryApi['getHistory']>, []>()
      .mockResolvedValueOnce({ items: [record('r1')] })
      .mockResolvedValueOnce({ items: [record('r0'), record('r1')] });
    const { result, rerender } = renderWith(get);
    await waitFor(() => expect(result.current.items).toHaveLength(1));
    rerender({ refreshKey: 1 });
    await waitFor(() =>
      expect(result.current.items.map(r => r.id)).toEqual(['r0', 'r1']),
    );
  });

  it('reports a failed load', async () => {
    const get = jest.fn(async () => {
      throw new Error('history unavailable');
    });
    const { result } = renderWith(get);
    await waitFor(() =>
      expect(result.current.error?.message).toBe('history unavailable'),
    );
    expect(result.current.loading).toBe(false);
  });
});
