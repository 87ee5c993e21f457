import { Step, StepLabel, Stepper } from '@material-ui/core';
import { RolloutSummary } from '@internal/plugin-delivery-common';
import { currentStepNumber, describeStep } from './describeStep';

/** The canary steps, with the current one marked. */
export const StepsProgress = ({ rollout }: { rollout: RolloutSummary }) => {
  const current = rollout.currentStepIndex ?? rollout.steps.length;
  return (
    <Stepper
      activeStep={current}
      alternativeLabel
      aria-label={`Step ${currentStepNumber(
        rollout.currentStepIndex,
        rollout.steps.length,
      )} of ${rollout.steps.length}`}
    >
      {rollout.steps.map((step, index) => (
        <Step key={index} completed={index < current}>
          <StepLabel error={index === current && rollout.aborted}>
            {describeStep(step)}
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
};
