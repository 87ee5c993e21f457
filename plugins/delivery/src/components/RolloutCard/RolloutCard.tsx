import { Box, Divider, Grid, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import {
  ActionResponse,
  RolloutSummary,
} from '@internal/plugin-delivery-common';
import { RolloutRef } from '../../api/DeliveryApi';
import { ActionButtons } from '../ActionButtons/ActionButtons';
import { phaseAt, RELEASE_PHASE_LABELS } from '../Gate/releasePhases';
import { ReleaseHealthCard } from '../ReleaseHealth/ReleaseHealthCard';
import { AnalysisRuns } from './AnalysisRuns';
import { PauseStatus } from './PauseStatus';
import { PhaseStatus } from './PhaseStatus';
import { RevisionsTable } from './RevisionsTable';
import { failedStepIndex } from './describeStep';
import { StepsProgress } from './StepsProgress';
import { WeightBar } from './WeightBar';

/** One rollout: where it stands, its canary health and what can be done. */
export const RolloutCard = ({
  rollout,
  rolloutRef,
  entityRef,
  onAction,
}: {
  rollout: RolloutSummary;
  rolloutRef: RolloutRef;
  entityRef: string;
  onAction: (response: ActionResponse) => void;
}) => {
  const stepCount = rollout.steps.length;
  const failed = failedStepIndex(rollout);
  const stepIndex = failed ?? rollout.currentStepIndex ?? stepCount;
  let stepText = '';
  if (rollout.strategy === 'canary' && stepCount) {
    if (failed !== undefined) {
      stepText = ` · failed at step ${failed + 1} of ${stepCount}`;
    } else {
      stepText =
        stepIndex >= stepCount
          ? ` · all ${stepCount} steps done`
          : ` · step ${stepIndex + 1} of ${stepCount}, ${RELEASE_PHASE_LABELS[
              phaseAt(rollout.steps, stepIndex)
            ].toLocaleLowerCase('en-US')}`;
    }
  }
  return (
    <Box data-testid="rollout-card">
      <InfoCard
        title={`${rollout.name} · ${rollout.cluster}`}
        subheader={`${rollout.namespace} · ${
          rollout.strategy === 'canary' ? 'canary' : 'blue/green'
        }${stepText}`}
      >
        <Box
          display="flex"
          alignItems="center"
          justifyContent="space-between"
          flexWrap="wrap"
          mb={2}
          style={{ gap: 8 }}
        >
          <Box data-testid="rollout-phase">
            <PhaseStatus rollout={rollout} />
            {rollout.message && (
              <Typography
                variant="body2"
                color="textSecondary"
                component="span"
              >
                {' '}
                {rollout.message}
              </Typography>
            )}
          </Box>
          <ActionButtons
            rollout={rollout}
            rolloutRef={rolloutRef}
            entityRef={entityRef}
            onDone={onAction}
          />
        </Box>
        <PauseStatus rollout={rollout} />
        {rollout.strategy === 'canary' && rollout.steps.length > 0 && (
          <StepsProgress rollout={rollout} />
        )}
        {rollout.weights && (
          <Box mb={2}>
            <WeightBar
              canary={rollout.weights.canary}
              stable={rollout.weights.stable}
              replicaBased={rollout.weights.replicaBased}
            />
          </Box>
        )}
        {rollout.blueGreen && (
          <Typography variant="body2" gutterBottom>
            Active service <b>{rollout.blueGreen.activeService}</b>
            {rollout.blueGreen.activeSelector
              ? ` → ${rollout.blueGreen.activeSelector}`
              : ''}
            {rollout.blueGreen.previewService && (
              <>
                {' · '}Preview service <b>{rollout.blueGreen.previewService}</b>
                {rollout.blueGreen.previewSelector
                  ? ` → ${rollout.blueGreen.previewSelector}`
                  : ''}
              </>
            )}
          </Typography>
        )}
        <Grid container spacing={2}>
          <Grid item xs={12} md={7}>
            <RevisionsTable revisions={rollout.revisions} />
          </Grid>
          <Grid item xs={12} md={5}>
            <Typography variant="h6" gutterBottom>
              Release health
            </Typography>
            <Divider />
            <Box mt={1}>
              <ReleaseHealthCard rollout={rolloutRef} />
              <AnalysisRuns runs={rollout.analysisRuns} />
            </Box>
          </Grid>
        </Grid>
      </InfoCard>
    </Box>
  );
};
