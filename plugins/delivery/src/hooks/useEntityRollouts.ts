import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useRef } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRolloutsResponse } from '@internal/plugin-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../api/DeliveryApi';
import { usePolling } from './usePolling';
import { useRolloutChangeSignal } from './useRolloutChangeSignal';

// A rollout in motion is refreshed often; a settled one now and then.
const ACTIVE_REFRESH_MS = 3000;
const IDLE_REFRESH_MS = 15000;
// With changes pushed by signals, polling only covers a lost connection.
const SIGNALLED_REFRESH_MS = 30000;

/** @public */
export interface EntityRollouts {
  /** The last answer; kept while a refresh is in flight or has failed. */
  value?: EntityRolloutsResponse;
  loading: boolean;
  /** Why the last load failed, even when an earlier `value` is still shown. */
  error?: Error;
  /** Loads again now, e.g. after an action. */
  retry: () => void;
}

/**
 * The entity's rollouts in every cluster, reloaded when the delivery backend
 * signals a change to one of them. Without signals, refreshed every few
 * seconds while one of them is moving (or not yet observed by its
 * controller) and every quarter minute otherwise, paused while the page is
 * hidden.
 *
 * @public
 */
export function useEntityRollouts(entity: CompoundEntityRef): EntityRollouts {
  const deliveryApi = useApi(deliveryApiRef);
  // The ref's string is stable across renders; the object need not be.
  const entityRef = stringifyEntityRef(entity);
  const state = useAsyncRetry(
    () => deliveryApi.getEntityRollouts(entity),
    [deliveryApi, entityRef],
  );
  // useAsyncRetry forgets the value when a load fails; a failed refresh
  // should leave the last known state on screen (with the error beside it).
  const last = useRef<{ entityRef: string; value: EntityRolloutsResponse }>();
  if (state.value) {
    last.current = { entityRef, value: state.value };
  }
  const value =
    last.current?.entityRef === entityRef ? last.current.value : undefined;
  const active = value?.clusters.some(c =>
    c.rollouts.some(r => r.phase !== 'Healthy' || !r.statusObserved),
  );
  const { live } = useRolloutChangeSignal(
    state.retry,
    signal =>
      signal.kubernetesId === entity.name ||
      !!value?.clusters.some(
        c =>
          c.cluster === signal.cluster &&
          c.rollouts.some(
            r => r.namespace === signal.namespace && r.name === signal.rollout,
          ),
      ),
  );
  let refreshMs = active ? ACTIVE_REFRESH_MS : IDLE_REFRESH_MS;
  if (live) refreshMs = SIGNALLED_REFRESH_MS;
  usePolling(state.retry, refreshMs);
  return {
    value,
    loading: state.loading,
    error: state.error,
    retry: state.retry,
  };
}
