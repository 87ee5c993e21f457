import { useMemo } from 'react';
import {
  DiscoveryApi,
  discoveryApiRef,
  FetchApi,
  fetchApiRef,
  useApiHolder,
} from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { RolloutRef } from '../../api/DeliveryApi';
import { GateClient } from './GateClient';

/**
 * The gate's client, built on the app's discovery and fetch APIs; undefined
 * in a host that offers neither (the gate is then not shown).
 */
export function useGateClient(): GateClient | undefined {
  const apis = useApiHolder();
  let discoveryApi: DiscoveryApi | undefined;
  let fetchApi: FetchApi | undefined;
  try {
    discoveryApi = apis.get(discoveryApiRef);
    fetchApi = apis.get(fetchApiRef);
  } catch {
    // A host whose discovery cannot be built (no backend.baseUrl) has no gate.
  }
  return useMemo(
    () =>
      discoveryApi && fetchApi
        ? new GateClient(discoveryApi, fetchApi)
        : undefined,
    [discoveryApi, fetchApi],
  );
}

/** The gate of one rollout; reloaded by `retry` and when `refreshKey` changes. */
export function useRolloutGate(rollout: RolloutRef, refreshKey: unknown) {
  const client = useGateClient();
  const { entity, cluster, namespace, name } = rollout;
  return useAsyncRetry(
    async () => client?.getGate(rollout),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      client,
      entity.kind,
      entity.namespace,
      entity.name,
      cluster,
      namespace,
      name,
      refreshKey,
    ],
  );
}

/** Keys (`entityRef cluster namespace/rollout`) of the releases waiting at a gate. */
export function waitingKey(r: {
  entityRef: string;
  cluster: string;
  namespace: string;
  rollout: string;
}) {
  return `${r.entityRef} ${r.cluster} ${r.namespace}/${r.rollout}`;
}

export function useWaitingReleases(refreshKey: unknown) {
  const client = useGateClient();
  return useAsyncRetry(async () => {
    if (!client) return undefined;
    const { items } = await client.getWaiting();
    return new Set(items.map(waitingKey));
  }, [client, refreshKey]);
}
