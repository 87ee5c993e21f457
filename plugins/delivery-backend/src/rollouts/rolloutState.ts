import {
  RolloutPhase,
  RolloutStrategy,
} from '@internal/plugin-delivery-common';
import { CanaryStepSpec, ReplicaSet, Rollout } from './kubernetesTypes';

/*
 * How a Rollout's state reads, derived the way `kubectl argo rollouts` does
 * (pkg/kubectl-argo-rollouts/info, utils/rollout, utils/replicaset).
 */

const KNOWN_PHASES: RolloutPhase[] = [
  'Progressing',
  'Paused',
  'Healthy',
  'Degraded',
];

export function strategyOf(rollout: Rollout): RolloutStrategy {
  return rollout.spec?.strategy?.blueGreen ? 'blueGreen' : 'canary';
}

/**
 * Whether the controller has observed the current spec. Until it has,
 * `status` may describe the previous spec, so nothing in it is trusted.
 */
export function isStatusObserved(rollout: Rollout): boolean {
  const observed = rollout.status?.observedGeneration;
  if (observed === undefined || observed === '') {
    return false;
  }
  const generation = rollout.metadata.generation ?? 0;
  return Number(observed) === generation;
}

export function phaseOf(rollout: Rollout): RolloutPhase {
  if (!isStatusObserved(rollout)) {
    return 'Unknown';
  }
  const phase = rollout.status?.phase as RolloutPhase | undefined;
  return phase && KNOWN_PHASES.includes(phase) ? phase : 'Unknown';
}

export function canaryStepsOf(rollout: Rollout): CanaryStepSpec[] {
  return rollout.spec?.strategy?.canary?.steps ?? [];
}

/**
 * The canary step the controller is at, as in Argo's
 * `replicasetutil.GetCurrentCanaryStep`: no index for blue/green or a canary
 * without steps, no step once every step is done.
 */
export function currentCanaryStep(rollout: Rollout): {
  step?: CanaryStepSpec;
  index?: number;
} {
  const steps = canaryStepsOf(rollout);
  if (strategyOf(rollout) !== 'canary' || steps.length === 0) {
    return {};
  }
  const index = rollout.status?.currentStepIndex ?? 0;
  return { step: index < steps.length ? steps[index] : undefined, index };
}

/** Whether the stable revision is the desired one: nothing is in flight. */
export function isFullyPromoted(rollout: Rollout): boolean {
  return (
    (rollout.status?.stableRS ?? '') === (rollout.status?.currentPodHash ?? '')
  );
}

/** As Argo's `replicasetutil.GetCurrentSetWeight`. */
export function currentSetWeight(rollout: Rollout): number {
  if (rollout.status?.abort) {
    return 0;
  }
  const { step, index } = currentCanaryStep(rollout);
  if (!step || index === undefined) {
    return 100;
  }
  const steps = canaryStepsOf(rollout);
  for (let i = index; i >= 0; i--) {
    const weight = steps[i].setWeight;
    if (typeof weight === 'number') {
      return weight;
    }
  }
  return 0;
}

/**
 * The share of traffic the canary gets now, computed as the CLI computes
 * "ActualWeight": from the traffic router's weights when there is one, else
 * from the canary ReplicaSet's share of available pods. A rollout with
 * nothing in flight sends everything to stable.
 */
export function canaryWeight(
  rollout: Rollout,
  canaryReplicaSet?: ReplicaSet,
): number {
  if (isFullyPromoted(rollout) || rollout.status?.abort) {
    return 0;
  }
  const { step } = currentCanaryStep(rollout);
  if (!step) {
    return 100;
  }
  const available = rollout.status?.availableReplicas ?? 0;
  if (available === 0) {
    return 0;
  }
  if (!rollout.spec?.strategy?.canary?.trafficRouting) {
    const canaryAvailable = canaryReplicaSet?.status?.availableReplicas ?? 0;
    return Math.round((canaryAvailable * 100) / available);
  }
  return (
    rollout.status?.canary?.weights?.canary?.weight ?? currentSetWeight(rollout)
  );
}

/**
 * Without traffic routing Argo Rollouts can only approximate a step's weight
 * by scaling pods, so the canary's share is its available pods over all
 * available pods: at "set weight 10%" with 4 replicas that is 1 of 4 (25%).
 * Returns those counts so the page can say so; undefined when a traffic
 * router sets the weight or nothing is in flight.
 */
export function replicaBasedShare(
  rollout: Rollout,
  canaryReplicaSet?: ReplicaSet,
): { canaryPods: number; availablePods: number } | undefined {
  if (
    rollout.spec?.strategy?.canary?.trafficRouting ||
    isFullyPromoted(rollout) ||
    rollout.status?.abort ||
    !currentCanaryStep(rollout).step
  ) {
    return undefined;
  }
  return {
    canaryPods: canaryReplicaSet?.status?.availableReplicas ?? 0,
    availablePods: rollout.status?.availableReplicas ?? 0,
  };
}

export function isPaused(rollout: Rollout): boolean {
  return Boolean(
    rollout.spec?.paused || (rollout.status?.pauseConditions ?? []).length > 0,
  );
}

export function imagesOf(template?: {
  spec?: { containers?: Array<{ image?: string }> };
}): string[] {
  return (template?.spec?.containers ?? [])
    .map(container => container.image)
    .filter((image): image is string => Boolean(image));
}
