import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { ReleaseRecord } from '@internal/plugin-delivery-common';
import { deliveryApiRef } from '../api/DeliveryApi';

const PAGE_SIZE = 20;

/** @public */
export interface ReleaseHistory {
  /** Newest first: the first page, then every older page asked for. */
  items: ReleaseRecord[];
  loading: boolean;
  error?: Error;
  /** Present while older records exist; appends the next page to `items`. */
  loadOlder?: () => void;
}

/**
 * The recorded actions on one entity's rollouts, newest first, a page at a
 * time. Changing `refreshKey` (e.g. after an action) loads the first page
 * again.
 *
 * @public
 */
export function useReleaseHistory(
  entityRef: string,
  refreshKey: number = 0,
): ReleaseHistory {
  const deliveryApi = useApi(deliveryApiRef);
  const [items, setItems] = useState<ReleaseRecord[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();

  const load = useCallback(
    async (from?: string) => {
      setLoading(true);
      try {
        const page = await deliveryApi.getHistory({
          entityRef,
          limit: PAGE_SIZE,
          cursor: from,
        });
        setItems(previous =>
          from ? [...previous, ...page.items] : page.items,
        );
        setCursor(page.nextCursor);
        setError(undefined);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    },
    [deliveryApi, entityRef],
  );

  useEffect(() => {
    load();
  }, [load, refreshKey]);

  return {
    items,
    loading,
    error,
    loadOlder: cursor ? () => load(cursor) : undefined,
  };
}
