import { RolloutStep, RolloutSummary } from '@internal/plugin-delivery-common';

/** A short label for a canary step, as the Argo Rollouts dashboard shows it. */
export function describeStep(step: RolloutStep): string {
  switch (step.type) {
    case 'setWeight':
      return `Set weight ${step.weight}%`;
    case 'setCanaryScale':
      if (step.replicas !== undefined) {
        return `Canary scale ${step.replicas} ${
          step.replicas === 1 ? 'pod' : 'pods'
        }`;
      }
      if (step.weight !== undefined) {
        return `Canary scale ${step.weight}% of replicas`;
      }
      return step.matchTrafficWeight
        ? 'Canary scale follows weight'
        : 'Set canary scale';
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

/**
 * The canary step an aborted rollout failed at. Argo Rollouts resets
 * `currentStepIndex` to 0 on abort, so the step is read from the failed
 * AnalysisRun that caused it (labelled with its step index).
 */
export function failedStepIndex(
  rollout: Pick<RolloutSummary, 'aborted' | 'analysisRuns' | 'canaryRevision'>,
): number | undefined {
  if (!rollout.aborted) return undefined;
  const revision = rollout.canaryRevision?.revision;
  const failed = rollout.analysisRuns.find(
    run =>
      run.stepIndex !== undefined &&
      ['Failed', 'Error', 'Inconclusive'].includes(run.phase) &&
      (revision === undefined || run.revision === revision),
  );
  return failed?.stepIndex;
}
