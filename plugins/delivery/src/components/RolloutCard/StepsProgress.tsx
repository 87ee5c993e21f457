import { Step, StepLabel, Stepper, Typography } from '@material-ui/core';
import { RolloutSummary } from '@internal/plugin-delivery-common';
import { RELEASE_PHASE_LABELS, releasePhases } from '../Gate/releasePhases';
import {
  currentStepNumber,
  describeStep,
  failedStepIndex,
} from './describeStep';

/**
 * The canary steps, with the current one marked; the first step of each
 * phase (canary, decision, cut-over) is captioned with its name.
 */
export const StepsProgress = ({ rollout }: { rollout: RolloutSummary }) => {
  const failed = failedStepIndex(rollout);
  const phases = releasePhases(rollout.steps);
  const current = failed ?? rollout.currentStepIndex ?? rollout.steps.length;
  return (
    <Stepper
      activeStep={current}
      alternativeLabel
      aria-label={`Step ${currentStepNumber(
        current,
        rollout.steps.length,
      )} of ${rollout.steps.length}${failed !== undefined ? ' failed' : ''}`}
    >
      {rollout.steps.map((step, index) => (
        <Step key={index} completed={index < current}>
          <StepLabel
            optional={
              phases[index] !== phases[index - 1] ? (
                <Typography variant="caption" data-testid="release-phase">
                  {RELEASE_PHASE_LABELS[phases[index]]}
                </Typography>
              ) : undefined
            }
            error={index === current && rollout.aborted}
            data-testid={
              index === current && rollout.aborted ? 'failed-step' : undefined
            }
          >
            {describeStep(step)}
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
};
