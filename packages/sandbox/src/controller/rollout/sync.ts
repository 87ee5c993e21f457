import { clone } from '../../k8s/types';
import { computePodTemplateHash } from '../../util/hash';
import { currentCanaryStep } from './canarySteps';
import { getCondition, removeCondition, rolloutHealthy } from './conditions';
import {
  CONDITION_INVALID_SPEC,
  CONDITION_PROGRESSING,
  DEFAULT_PROGRESS_DEADLINE_SECONDS,
  Messages,
  PAUSE_INCONCLUSIVE_ANALYSIS,
  POD_HASH_LABEL,
  Reasons,
} from './constants';
import { RolloutContext } from './context';
import { pauseCondition } from './pauseContext';
import { calculateRolloutPhase } from './phase';
import { isFastRollback, isRollbackWithinWindow } from './rollback';
import {
  availableReplicas,
  revisionOf,
  rolloutReplicas,
  statusReplicas,
  sumReady,
  sumStatus,
} from './replicaSets';
import {
  calculateRolloutConditions,
  isIndefiniteStep,
} from './rolloutConditions';
import { patchStatus } from './statusPatch';

/** rollout/sync.go: status calculation and persistence shared by both strategies. */

export function haltProgress(ctx: RolloutContext): string {
  if (ctx.rollout.spec.paused) return 'user paused';
  if (pauseCondition(ctx.rollout, PAUSE_INCONCLUSIVE_ANALYSIS))
    return 'inconclusive analysis';
  return '';
}

export function calculateBaseStatus(ctx: RolloutContext): any {
  const prev = clone(ctx.rollout.status ?? {});
  if (getCondition(prev, CONDITION_INVALID_SPEC))
    removeCondition(prev, CONDITION_INVALID_SPEC);
  const currentPodHash = ctx.newRS
    ? ctx.newRS.metadata.labels?.[POD_HASH_LABEL]
    : computePodTemplateHash(
        ctx.rollout.spec.template,
        ctx.rollout.status?.collisionCount,
      );
  const s = ctx.newStatus;
  s.currentPodHash = currentPodHash;
  s.replicas = sumStatus(ctx.allRSs);
  s.updatedReplicas = statusReplicas(ctx.newRS);
  s.readyReplicas = sumReady(ctx.allRSs);
  s.collisionCount = ctx.rollout.status?.collisionCount;
  s.conditions = prev.conditions;
  s.promoteFull =
    (s.currentPodHash !== s.stableRS && prev.promoteFull) || undefined;
  return s;
}

export function resetRolloutStatus(ctx: RolloutContext, s: any): void {
  ctx.pause.clearPauseConditions();
  ctx.pause.removeAbort();
  s.restartedAt = ctx.rollout.spec.restartAt;
  delete s.promoteFull;
  s.blueGreen = {
    ...s.blueGreen,
    prePromotionAnalysisRunStatus: undefined,
    postPromotionAnalysisRunStatus: undefined,
    scaleUpPreviewCheckPoint: undefined,
  };
  s.canary = {
    ...s.canary,
    currentStepAnalysisRunStatus: undefined,
    currentBackgroundAnalysisRunStatus: undefined,
  };
  const steps = ctx.rollout.spec.strategy.canary?.steps ?? [];
  s.currentStepIndex =
    ctx.rollout.spec.strategy.canary && steps.length ? 0 : undefined;
}

export function shouldFullPromote(ctx: RolloutContext, s: any): string {
  const replicas = rolloutReplicas(ctx.rollout);
  if (!ctx.stableRS) return 'Initial deploy';
  if (ctx.rollout.spec.strategy.canary) {
    if (ctx.pause.isAborted()) return '';
    if (!ctx.newRS || availableReplicas(ctx.newRS) < replicas) return '';
    if (ctx.rollout.status?.promoteFull) return 'Full promotion requested';
    if (isFastRollback(ctx))
      return isRollbackWithinWindow(ctx)
        ? 'Rollback within window'
        : 'Fast rollback';
    const [, index] = currentCanaryStep(ctx.rollout);
    const count = (ctx.rollout.spec.strategy.canary.steps ?? []).length;
    if (count === 0 || index === count)
      return `Completed all ${count} canary steps`;
    return '';
  }
  if (!s.blueGreen?.activeSelector) return 'Initial deploy';
  if (s.blueGreen.activeSelector !== s.currentPodHash) return '';
  if (ctx.rollout.status?.promoteFull) return 'Full promotion requested';
  if (isFastRollback(ctx))
    return isRollbackWithinWindow(ctx)
      ? 'Rollback within window'
      : 'Fast rollback';
  if (ctx.pause.isAborted()) return '';
  if (ctx.rollout.spec.strategy.blueGreen.postPromotionAnalysis) {
    if (ctx.currentArs.postPromotion?.status?.phase !== 'Successful') return '';
  }
  return 'Completed blue-green update';
}

export function promoteStable(
  ctx: RolloutContext,
  s: any,
  reason: string,
): void {
  ctx.pause.clearPauseConditions();
  ctx.pause.removeAbort();
  delete s.promoteFull;
  if (s.blueGreen) delete s.blueGreen.scaleUpPreviewCheckPoint;
  if (ctx.rollout.spec.strategy.canary) {
    const count = (ctx.rollout.spec.strategy.canary.steps ?? []).length;
    s.currentStepIndex = count > 0 ? count : undefined;
  }
  if (s.stableRS !== s.currentPodHash) {
    s.stableRS = s.currentPodHash;
    ctx.event(
      'Normal',
      Reasons.RolloutCompleted,
      Messages.completed(revisionOf(ctx.rollout), s.currentPodHash, reason),
    );
  }
}

function recordPauseStarts(ctx: RolloutContext, s: any): void {
  const before = new Set(
    (ctx.rollout.status?.pauseConditions ?? []).map(
      (c: any) => `${c.reason}/${c.startTime}`,
    ),
  );
  for (const cond of s.pauseConditions ?? []) {
    const key = `${cond.reason}/${cond.startTime}`;
    if (!before.has(key))
      ctx.deps.precise.set(
        `${ctx.rollout.metadata.uid}/pause/${key}`,
        ctx.now(),
      );
  }
}

/** persistRolloutStatus */
export function persistRolloutStatus(ctx: RolloutContext, s: any): void {
  s.observedGeneration = String(ctx.rollout.metadata.generation);
  ctx.pause.calculatePauseStatus(s);
  calculateRolloutConditions(ctx, s);
  const { phase, message } = calculateRolloutPhase(ctx.rollout.spec, s);
  s.phase = phase;
  s.message = message || undefined;
  recordPauseStarts(ctx, s);
  const prevPaused = (ctx.rollout.status?.pauseConditions ?? []).length > 0;
  const currPaused = (s.pauseConditions ?? []).length > 0;
  const written = patchStatus(ctx, s);
  if (written && prevPaused !== currPaused) {
    if (currPaused) {
      ctx.event(
        'Normal',
        Reasons.RolloutPaused,
        `${Messages.RolloutPaused} (${s.pauseConditions[0].reason})`,
      );
    } else if (!s.abortedAt) {
      ctx.event('Normal', Reasons.RolloutResumed, Messages.RolloutResumed);
    }
  }
  requeueStuckRollout(ctx, s);
}

function requeueStuckRollout(ctx: RolloutContext, s: any): void {
  const cond = getCondition(ctx.rollout.status, CONDITION_PROGRESSING);
  if (!cond || cond.reason === Reasons.TimedOut || ctx.rollout.status?.abort)
    return;
  const paused =
    (ctx.rollout.status?.pauseConditions ?? []).length > 0 ||
    ctx.rollout.spec.paused;
  if (paused || rolloutHealthy(ctx.rollout, s) || isIndefiniteStep(ctx)) return;
  const deadline =
    ctx.rollout.spec.progressDeadlineSeconds ??
    DEFAULT_PROGRESS_DEADLINE_SECONDS;
  const due =
    Date.parse(cond.lastUpdateTime) +
    ctx.deps.clock.scaled(deadline) -
    ctx.now();
  ctx.requeueAfter(Math.max(0, due) + 10);
}
