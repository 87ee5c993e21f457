import { Tooltip, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ReleaseHealth } from '@internal/plugin-delivery-common';
import { DeliveryApi, deliveryApiRef, RolloutRef } from '../../api/DeliveryApi';
import { RESULT_STATUS } from './resultStatus';

/**
 * Tables remount their rows whenever their data changes, and each judgement
 * queries Prometheus: one request per rollout per half minute, shared by
 * every badge showing it.
 */
const REUSE_MS = 30_000;
const asked = new WeakMap<
  DeliveryApi,
  Map<string, { at: number; answer: Promise<ReleaseHealth | undefined> }>
>();

function releaseHealth(api: DeliveryApi, rollout: RolloutRef) {
  if (!asked.has(api)) asked.set(api, new Map());
  const byRollout = asked.get(api)!;
  const { kind, namespace, name } = rollout.entity;
  const key = [kind, namespace, name, rollout.cluster, rollout.namespace]
    .concat(rollout.name)
    .join('/');
  const known = byRollout.get(key);
  if (known && Date.now() - known.at < REUSE_MS) return known.answer;
  const answer = Promise.resolve(api.getReleaseHealth?.(rollout));
  // A failure is not kept: the next badge asks again.
  answer.catch(() => byRollout.delete(key));
  byRollout.set(key, { at: Date.now(), answer });
  return answer;
}

const unjudged = (text: string, why?: string) => (
  <Tooltip title={why ?? ''}>
    <Typography
      variant="caption"
      color="textSecondary"
      data-testid="release-health-badge"
    >
      {text}
    </Typography>
  </Tooltip>
);

/**
 * The verdict on a rollout's release in flight, in a word, with its reason on
 * hover. A rollout with nothing in flight is not asked about (a list may hold
 * many): it has no verdict, which is not a pass.
 */
export const ReleaseHealthBadge = ({
  rollout,
  inFlight,
}: {
  rollout: RolloutRef;
  inFlight: boolean;
}) => {
  const api = useApi(deliveryApiRef);
  const { value, loading, error } = useAsync(
    async () => (inFlight ? releaseHealth(api, rollout) : undefined),
    [api, inFlight, rollout.cluster, rollout.namespace, rollout.name],
  );
  if (!inFlight) return unjudged('no release in flight');
  if (loading) return unjudged('judging…');
  if (error) return unjudged('no verdict', error.message);
  if (!value) return unjudged('no verdict', 'release health is not available');
  if (value.reason.startsWith('no release in flight')) {
    return unjudged('no release in flight', value.reason);
  }
  const Verdict = RESULT_STATUS[value.verdict];
  return (
    <Tooltip title={value.reason}>
      <span data-testid="release-health-badge">
        <Verdict>
          {value.verdict}
          {value.verdict !== 'Inconclusive' && ` · ${Math.round(value.score)}`}
        </Verdict>
      </span>
    </Tooltip>
  );
};
