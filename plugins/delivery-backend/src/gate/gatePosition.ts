import { DeliveryAction } from '@internal/plugin-delivery-common';
import { Rollout } from '../rollouts/kubernetesTypes';
import {
  canaryStepsOf,
  isFullyPromoted,
  isPaused,
  strategyOf,
} from '../rollouts/rolloutState';

/**
 * Where the release manager's decision sits in a Rollout: the first pause
 * without a duration (`pause: {}`) of a canary — the golden paths put it
 * right after the canary phase in gated environments — or, for blue/green,
 * the promotion of the preview.
 */
export interface GatePosition {
  strategy: 'canary' | 'blueGreen';
  /** Canary: the index of the gate's pause step. */
  stepIndex?: number;
}

export function gatePositionOf(rollout: Rollout): GatePosition | undefined {
  if (strategyOf(rollout) === 'blueGreen') {
    return { strategy: 'blueGreen' };
  }
  const stepIndex = canaryStepsOf(rollout).findIndex(
    step => step.pause !== undefined && step.pause.duration === undefined,
  );
  return stepIndex < 0 ? undefined : { strategy: 'canary', stepIndex };
}

/** Whether a release is in flight and has not yet passed the gate. */
export function isBeforeOrAtGate(rollout: Rollout, gate: GatePosition) {
  if (isFullyPromoted(rollout) || rollout.status?.abort) return false;
  if (gate.strategy === 'blueGreen') return true;
  return (rollout.status?.currentStepIndex ?? 0) <= gate.stepIndex!;
}

/** Whether the release waits at the gate now. */
export function isWaitingAtGate(rollout: Rollout, gate: GatePosition) {
  if (!isBeforeOrAtGate(rollout, gate) || !isPaused(rollout)) return false;
  if (gate.strategy === 'blueGreen') return true;
  return (rollout.status?.currentStepIndex ?? 0) === gate.stepIndex;
}

/**
 * Whether an action would take the release past the gate: a promotion at
 * the gate, or a full promotion from anywhere before it.
 */
export function crossesGate(
  rollout: Rollout,
  gate: GatePosition,
  action: DeliveryAction,
): boolean {
  if (action === 'promoteFull') return isBeforeOrAtGate(rollout, gate);
  if (action !== 'promote') return false;
  if (gate.strategy === 'blueGreen') return isBeforeOrAtGate(rollout, gate);
  return (
    isBeforeOrAtGate(rollout, gate) &&
    (rollout.status?.currentStepIndex ?? 0) === gate.stepIndex
  );
}
