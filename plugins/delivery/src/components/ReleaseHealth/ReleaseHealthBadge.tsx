import { Tooltip, Typography } from '@material-ui/core';
import { RolloutRef } from '../../api/DeliveryApi';
import { RESULT_STATUS } from './resultStatus';
import { useReleaseHealth } from './useReleaseHealth';

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
 * hover, judged again as the release moves and as new scrapes arrive
 * (useReleaseHealth). A rollout with nothing in flight is not asked about (a
 * list may hold many): it has no verdict, which is not a pass.
 */
export const ReleaseHealthBadge = ({
  rollout,
  inFlight,
}: {
  rollout: RolloutRef;
  inFlight: boolean;
}) => {
  const { value, loading, error } = useReleaseHealth(rollout, {
    enabled: inFlight,
    inFlight: () => inFlight,
  });
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
