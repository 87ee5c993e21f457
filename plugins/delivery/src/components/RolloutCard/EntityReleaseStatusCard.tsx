import { Box, Typography } from '@material-ui/core';
import {
  InfoCard,
  Link,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useEntityRollouts } from '../../hooks/useEntityRollouts';
import { ReleaseHealthBadge } from '../ReleaseHealth/ReleaseHealthBadge';
import { PhaseStatus } from './PhaseStatus';
import { currentStepNumber, failedStepIndex } from './describeStep';

/**
 * The Overview's word on releases: each rollout's phase, where it stands and
 * what serves, linking to the Delivery tab for the rest.
 */
export const EntityReleaseStatusCard = () => {
  const { entity } = useEntity();
  const { value, loading, error } = useEntityRollouts(
    getCompoundEntityRef(entity),
  );
  const rollouts = (value?.clusters ?? []).flatMap(c => c.rollouts);
  const unanswered = (value?.clusters ?? []).filter(c => c.error);
  return (
    <InfoCard
      title="Releases"
      deepLink={{ title: 'Open the Delivery tab', link: 'delivery' }}
    >
      {loading && !value && <Progress />}
      {error && !value && (
        <WarningPanel title="Could not load releases" message={error.message} />
      )}
      {value && rollouts.length === 0 && unanswered.length === 0 && (
        <Typography variant="body2">No rollouts in any cluster.</Typography>
      )}
      {rollouts.map(rollout => {
        const failed = failedStepIndex(rollout);
        const steps = rollout.steps.length;
        let where = '';
        if (rollout.strategy === 'canary' && steps > 0) {
          where =
            failed !== undefined
              ? `failed at step ${failed + 1} of ${steps}`
              : `step ${currentStepNumber(
                  rollout.currentStepIndex,
                  steps,
                )} of ${steps}`;
        }
        const serving =
          rollout.stableRevision?.images.join(', ') ??
          rollout.canaryRevision?.images.join(', ');
        return (
          <Box
            key={`${rollout.cluster}/${rollout.namespace}/${rollout.name}`}
            mb={1.5}
            data-testid="release-status"
          >
            <Typography variant="subtitle2" component="div">
              {rollout.cluster} · <PhaseStatus rollout={rollout} />
              {where && ` · ${where}`}
            </Typography>
            <Typography variant="body2" component="div">
              Release health:{' '}
              <ReleaseHealthBadge
                rollout={{
                  entity: getCompoundEntityRef(entity),
                  cluster: rollout.cluster,
                  namespace: rollout.namespace,
                  name: rollout.name,
                }}
                inFlight={
                  !rollout.aborted &&
                  !!rollout.canaryRevision &&
                  rollout.canaryRevision.podTemplateHash !==
                    rollout.stableRevision?.podTemplateHash
                }
              />
            </Typography>
            {serving && (
              <Typography variant="body2" color="textSecondary">
                Serving {serving}
              </Typography>
            )}
          </Box>
        );
      })}
      {unanswered.map(c => (
        <Typography key={c.cluster} variant="body2" color="error">
          {c.cluster}: {c.error?.message}
        </Typography>
      ))}
      {rollouts.length > 0 && (
        <Link to="delivery">
          Promote, abort or roll back on the Delivery tab
        </Link>
      )}
    </InfoCard>
  );
};
