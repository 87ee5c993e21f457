import { CONDITION_INVALID_SPEC, Reasons } from './constants';

/**
 * CalculateRolloutPhase from utils/rollout/rolloututil.go: the phase and
 * message the controller stores in status.phase / status.message.
 */
export function calculateRolloutPhase(
  spec: any,
  status: any,
): { phase: string; message: string } {
  for (const cond of status.conditions ?? []) {
    if (cond.type === CONDITION_INVALID_SPEC) {
      return {
        phase: 'Degraded',
        message: `${CONDITION_INVALID_SPEC}: ${cond.message}`,
      };
    }
    if (
      cond.reason === Reasons.RolloutAborted ||
      cond.reason === Reasons.TimedOut
    ) {
      return { phase: 'Degraded', message: `${cond.reason}: ${cond.message}` };
    }
  }
  if (spec.paused) return { phase: 'Paused', message: 'manually paused' };
  if ((status.pauseConditions ?? []).length) {
    return { phase: 'Paused', message: status.pauseConditions[0].reason };
  }
  if (spec.restartAt && spec.restartAt !== status.restartedAt) {
    return { phase: 'Progressing', message: 'rollout is restarting' };
  }
  const replicas = spec.replicas ?? 1;
  if ((status.updatedReplicas ?? 0) < replicas) {
    return {
      phase: 'Progressing',
      message: 'more replicas need to be updated',
    };
  }
  if ((status.availableReplicas ?? 0) < (status.updatedReplicas ?? 0)) {
    return {
      phase: 'Progressing',
      message: 'updated replicas are still becoming available',
    };
  }
  const fullyPromoted =
    !!status.stableRS && status.stableRS === status.currentPodHash;
  if (spec.strategy?.blueGreen) {
    const active = status.blueGreen?.activeSelector;
    if (!active || active !== status.currentPodHash) {
      return {
        phase: 'Progressing',
        message: 'active service cutover pending',
      };
    }
    if (!status.stableRS || !fullyPromoted) {
      const post = status.blueGreen?.postPromotionAnalysisRunStatus;
      const waiting =
        !!spec.strategy.blueGreen.postPromotionAnalysis &&
        (!post ||
          !['Successful', 'Failed', 'Error', 'Inconclusive'].includes(
            post.status,
          ));
      return {
        phase: 'Progressing',
        message: waiting
          ? 'waiting for analysis to complete'
          : 'waiting for post-promotion verification to complete',
      };
    }
  } else if (spec.strategy?.canary) {
    if (
      !spec.strategy.canary.trafficRouting &&
      (status.replicas ?? 0) > (status.updatedReplicas ?? 0)
    ) {
      return {
        phase: 'Progressing',
        message: 'old replicas are pending termination',
      };
    }
    if (!status.stableRS || !fullyPromoted) {
      return {
        phase: 'Progressing',
        message: 'waiting for all steps to complete',
      };
    }
  }
  return { phase: 'Healthy', message: '' };
}
