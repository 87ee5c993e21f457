import { Step, StepLabel, Stepper } from '@material-ui/core';
import { RolloutSummary } from '@internal/plugin-delivery-common';
import {
  currentStepNumber,
  describeStep,
  failedStepIndex,
} from './describeStep';

/** The canary steps, with the current one marked. */
export const StepsProgress = ({ rollout }: { rollout: RolloutSummary }) => {
  const failed = failedStepIndex(rollout);
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
