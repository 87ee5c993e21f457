import { KubeObject, formatTime } from '../../k8s/types';
import {
  CONDITION_PROGRESSING,
  DEFAULT_PROGRESS_DEADLINE_SECONDS,
  Reasons,
} from './constants';
import { rolloutReplicas } from './replicaSets';
import { steps } from './canarySteps';

/** utils/conditions for rollouts. */

export interface RolloutCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export function newCondition(
  type: string,
  status: RolloutCondition['status'],
  reason: string,
  message: string,
  now: number,
): RolloutCondition {
  const ts = formatTime(now);
  return {
    type,
    status,
    lastUpdateTime: ts,
    lastTransitionTime: ts,
    reason,
    message,
  };
}

export function getCondition(
  status: any,
  type: string,
): RolloutCondition | undefined {
  return (status?.conditions ?? []).find(
    (c: RolloutCondition) => c.type === type,
  );
}

/** SetRolloutCondition: returns true when the condition changed. */
export function setCondition(
  status: any,
  condition: RolloutCondition,
): boolean {
  const current = getCondition(status, condition.type);
  if (
    current &&
    current.status === condition.status &&
    current.reason === condition.reason
  ) {
    return false;
  }
  const next = { ...condition };
  if (current && current.status === condition.status) {
    next.lastTransitionTime = current.lastTransitionTime;
  }
  status.conditions = [
    ...(status.conditions ?? []).filter(
      (c: RolloutCondition) => c.type !== condition.type,
    ),
    next,
  ];
  return true;
}

export function removeCondition(status: any, type: string): void {
  status.conditions = (status.conditions ?? []).filter(
    (c: RolloutCondition) => c.type !== type,
  );
  if (!status.conditions.length) delete status.conditions;
}

export function rolloutCompleted(status: any): boolean {
  return !!status?.stableRS && status.stableRS === status.currentPodHash;
}

export function rolloutHealthy(rollout: KubeObject, newStatus: any): boolean {
  const replicas = rolloutReplicas(rollout);
  let completedStrategy = true;
  const bg = rollout.spec?.strategy?.blueGreen;
  if (bg) {
    const activeComplete =
      newStatus.blueGreen?.activeSelector === newStatus.currentPodHash;
    const previewComplete =
      !bg.previewService ||
      newStatus.blueGreen?.previewSelector === newStatus.currentPodHash;
    completedStrategy = activeComplete && previewComplete;
  }
  if (rollout.spec?.strategy?.canary) {
    const count = steps(rollout).length;
    const executedAll =
      count > 0 && newStatus.currentStepIndex !== undefined
        ? count === newStatus.currentStepIndex
        : true;
    const currentIsStable =
      !!newStatus.stableRS && newStatus.stableRS === newStatus.currentPodHash;
    completedStrategy =
      executedAll && currentIsStable && (newStatus.replicas ?? 0) === replicas;
  }
  return (
    (newStatus.updatedReplicas ?? 0) === replicas &&
    (newStatus.availableReplicas ?? 0) === replicas &&
    rollout.status?.observedGeneration ===
      String(rollout.metadata.generation) &&
    completedStrategy
  );
}

export function rolloutProgressing(
  rollout: KubeObject,
  newStatus: any,
): boolean {
  const old = rollout.status ?? {};
  let strategySpecific = false;
  if (rollout.spec?.strategy?.blueGreen) {
    strategySpecific =
      old.blueGreen?.activeSelector !== newStatus.blueGreen?.activeSelector ||
      old.blueGreen?.previewSelector !== newStatus.blueGreen?.previewSelector;
  }
  if (rollout.spec?.strategy?.canary) {
    const stepChanged =
      newStatus.currentStepIndex !== undefined &&
      old.currentStepIndex !== undefined &&
      newStatus.currentStepIndex !== old.currentStepIndex;
    strategySpecific =
      newStatus.stableRS !== old.stableRS ||
      stepChanged ||
      newStatus.currentStepHash !== old.currentStepHash;
  }
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0);
  return (
    (newStatus.updatedReplicas ?? 0) !== (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (newStatus.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (newStatus.availableReplicas ?? 0) > (old.availableReplicas ?? 0) ||
    strategySpecific
  );
}

export function rolloutTimedOut(
  rollout: KubeObject,
  newStatus: any,
  now: number,
): boolean {
  const condition = getCondition(newStatus, CONDITION_PROGRESSING);
  if (
    !condition ||
    condition.reason === Reasons.RolloutAborted ||
    condition.reason === Reasons.RolloutPaused
  ) {
    return false;
  }
  if (condition.reason === Reasons.TimedOut) return true;
  const deadline =
    rollout.spec?.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
  const from = Date.parse(condition.lastUpdateTime);
  return from + deadline * 1000 < now;
}
