import { useEffect, useRef } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  ROLLOUT_CHANGE_CHANNEL,
  RolloutChangeSignal,
} from '@internal/plugin-delivery-common';

/** Reloads closer together than this are merged into one. */
const MIN_RELOAD_GAP_MS = 250;

/**
 * Calls `reload` when the delivery backend signals that a rollout changed in
 * a cluster and `concerns(signal)` says the page shows it: at once for the
 * first signal, then at most every quarter second while changes keep coming.
 *
 * Returns whether signals can arrive at all (the app has the signals plugin);
 * when they cannot, the caller polls as it would without them.
 */
export function useRolloutChangeSignal(
  reload: () => void,
  concerns: (signal: RolloutChangeSignal) => boolean = () => true,
): { live: boolean } {
  const signalApi = useApiHolder().get(signalApiRef);
  const latest = useRef({ reload, concerns });
  latest.current = { reload, concerns };

  useEffect(() => {
    if (!signalApi) return undefined;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fire = () => {
      timer = undefined;
      last = Date.now();
      latest.current.reload();
    };
    const subscription = signalApi.subscribe<RolloutChangeSignal>(
      ROLLOUT_CHANGE_CHANNEL,
      signal => {
        if (!latest.current.concerns(signal) || timer) return;
        const wait = last + MIN_RELOAD_GAP_MS - Date.now();
        if (wait <= 0) fire();
        else timer = setTimeout(fire, wait);
      },
    );
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [signalApi]);

  return { live: !!signalApi };
}
