import { RolloutStep } from '@internal/plugin-delivery-common';

/** A short label for a canary step, as the Argo Rollouts dashboard shows it. */
export function describeStep(step: RolloutStep): string {
  switch (step.type) {
    case 'setWeight':
      return `Set weight ${step.weight}%`;
    case 'pause':
      return step.duration ? `Pause ${step.duration}` : 'Pause until promoted';
    case 'analysis':
      return `Analysis: ${step.templates.join(', ') || 'templates'}`;
    case 'experiment':
      return 'Experiment';
    default:
      return step.name;
  }
}

/**
 * The 1-based number of the step a canary is on; once every step is done the
 * controller reports an index past the end, shown as the last step.
 */
export function currentStepNumber(
  currentStepIndex: number | undefined,
  stepCount: number,
): number {
  return Math.min((currentStepIndex ?? stepCount) + 1, stepCount);
}
