import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  CompoundEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  CicdSummaryResponse,
  DoraComparison,
  TimelinePage,
} from '@internal/plugin-delivery-common';
import { usePolling } from '../../hooks/usePolling';
import { DeliveryApi, deliveryApiRef } from '../../api/DeliveryApi';

/** How often an open page asks for new runs. */
export const CICD_POLL_MS = 5000;

export interface CicdState {
  api: DeliveryApi;
  entityRef: CompoundEntityRef;
  summary?: CicdSummaryResponse;
  timeline?: TimelinePage;
  dora?: DoraComparison;
  error?: Error;
  loading: boolean;
  refresh: () => void;
}

/**
 * The entity's CI/CD summary, timeline and DORA figures, asked again every
 * few seconds while the page is visible, so new runs appear without a
 * reload.
 */
export function useCicd(options: { timeline?: boolean; dora?: boolean } = {}) {
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const ref = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const [state, setState] = useState<
    Omit<CicdState, 'api' | 'entityRef' | 'refresh'>
  >({
    loading: true,
  });
  const { timeline: withTimeline, dora: withDora } = options;

  const refresh = useCallback(() => {
    Promise.all([
      api.getCicdSummary(ref),
      withTimeline ? api.getCicdTimeline(ref) : undefined,
      withDora ? api.getDora(ref) : undefined,
    ]).then(
      ([summary, timeline, dora]) =>
        setState({ summary, timeline, dora, loading: false }),
      error => setState(s => ({ ...s, error, loading: false })),
    );
  }, [api, ref, withTimeline, withDora]);

  useEffect(refresh, [refresh]);
  usePolling(refresh, CICD_POLL_MS);
  return { ...state, api, entityRef: ref, refresh };
}
