import { ReleaseStep, RolloutStep } from '@internal/plugin-delivery-common';
import { CanaryStepSpec, Rollout } from './kubernetesTypes';
import { canaryStepsOf, currentCanaryStep } from './rolloutState';

/** A canary step as the portal shows it. */
export function toStep(step: CanaryStepSpec): RolloutStep {
  if (typeof step.setWeight === 'number') {
    return { type: 'setWeight', weight: step.setWeight };
  }
  if (step.setCanaryScale) {
    // In Argo Rollouts' order: matchTrafficWeight, then replicas, then weight.
    const { replicas, weight, matchTrafficWeight } = step.setCanaryScale;
    if (matchTrafficWeight) {
      return { type: 'setCanaryScale', matchTrafficWeight: true };
    }
    if (typeof replicas === 'number') {
      return { type: 'setCanaryScale', replicas };
    }
    if (typeof weight === 'number') return { type: 'setCanaryScale', weight };
    return { type: 'setCanaryScale', matchTrafficWeight: false };
  }
  if (step.pause) {
    const duration = step.pause.duration;
    return duration === undefined
      ? { type: 'pause' }
      : { type: 'pause', duration: String(duration) };
  }
  if (step.analysis) {
    return {
      type: 'analysis',
      templates: (step.analysis.templates ?? [])
        .map(template => template.templateName)
        .filter((name): name is string => Boolean(name)),
    };
  }
  if (step.experiment) {
    return { type: 'experiment' };
  }
  return { type: 'other', name: Object.keys(step)[0] ?? 'unknown' };
}

/**
 * Where a promotion takes a canary: from the step it is on to `toIndex`
 * (0-based; the step count means past the last step, fully promoted), for
 * the release history to say which step a promotion passed.
 */
export function promotionStep(
  rollout: Rollout,
  toIndex: number | undefined,
): ReleaseStep | undefined {
  const steps = canaryStepsOf(rollout);
  const { index } = currentCanaryStep(rollout);
  if (index === undefined || toIndex === undefined) {
    return undefined;
  }
  return {
    from: Math.min(index, steps.length) + 1,
    to: toIndex + 1,
    count: steps.length,
    ...(toIndex < steps.length ? { target: toStep(steps[toIndex]) } : {}),
  };
}
