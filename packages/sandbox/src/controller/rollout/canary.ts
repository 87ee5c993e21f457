import {
  atDesiredReplicaCountsForCanary,
  checkStableRSExists,
  replicaCountsForBasicCanary,
  replicaCountsForTrafficRoutedCanary,
} from './canaryReplicas';
import {
  canaryStepString,
  currentCanaryStep,
  durationSeconds,
  steps,
} from './canarySteps';
import { computeStepHash } from '../../util/hash';
import { Messages, PAUSE_CANARY_STEP, Reasons } from './constants';
import { RolloutContext } from './context';
import { reconcileAnalysisRuns } from './analysis';
import { pauseCondition } from './pauseContext';
import {
  reconcileRevisionHistoryLimit,
  scaleReplicaSet,
  syncReplicaSetRevision,
} from './replicaSetOps';
import { podHash, sumAvailable, sumStatus } from './replicaSets';
import { isRollbackWithinWindow } from './rollback';
import {
  reconcileNewReplicaSet,
  reconcileOtherReplicaSets,
  removeScaleDownDeadlines,
} from './scaling';
import { reconcileStableAndCanaryService } from './services';
import {
  calculateBaseStatus,
  haltProgress,
  persistRolloutStatus,
  promoteStable,
  resetRolloutStatus,
  shouldFullPromote,
} from './sync';
import { reconcileRestart } from './restart';
import { reconcileTrafficRouting } from './trafficRouting';
import { formatLabelSelector } from '../../k8s/labels';

/** rollout/canary.go */

function podTemplateOrStepsChanged(ctx: RolloutContext): boolean {
  const status = ctx.rollout.status ?? {};
  if (
    !status.currentStepHash ||
    status.currentStepHash !== computeStepHash(ctx.rollout)
  )
    return true;
  return (
    !!status.currentPodHash && status.currentPodHash !== podHash(ctx.newRS)
  );
}

function reconcileStableReplicaSet(ctx: RolloutContext): boolean {
  if (!checkStableRSExists(ctx.newRS, ctx.stableRS)) return false;
  const desired = ctx.rollout.spec.strategy.canary.trafficRouting
    ? replicaCountsForTrafficRoutedCanary(
        ctx.rollout,
        ctx.rollout.status?.canary?.weights,
      )[1]
    : replicaCountsForBasicCanary(
        ctx.rollout,
        ctx.newRS,
        ctx.stableRS,
        ctx.otherRSs,
      )[1];
  return scaleReplicaSet(ctx, ctx.stableRS!, desired);
}

function reconcileCanaryReplicaSets(ctx: RolloutContext): boolean {
  if (haltProgress(ctx)) return false;
  removeScaleDownDeadlines(ctx);
  if (reconcileStableReplicaSet(ctx)) return true;
  if (reconcileNewReplicaSet(ctx)) return true;
  return reconcileOtherReplicaSets(ctx);
}

function reconcileCanaryPause(ctx: RolloutContext): boolean {
  const r = ctx.rollout;
  if (r.spec.paused || r.status?.promoteFull) return false;
  const all = steps(r);
  if (!all.length) return false;
  const [step, index] = currentCanaryStep(r);
  if (!step || index === undefined || all.length <= index) return false;
  if (!step.pause) return false;
  const cond = pauseCondition(r, PAUSE_CANARY_STEP);
  if (!cond) {
    if (!r.status?.controllerPause)
      ctx.pause.addPauseCondition(PAUSE_CANARY_STEP);
    return true;
  }
  if (step.pause.duration === undefined) return true;
  const start = ctx.pauseStart(PAUSE_CANARY_STEP) ?? ctx.now();
  const remaining =
    start +
    ctx.deps.clock.scaled(durationSeconds(step.pause.duration)) -
    ctx.now();
  if (remaining > 0) ctx.requeueAfter(remaining + 1);
  return true;
}

function completedCanaryPauseStep(ctx: RolloutContext, pause: any): boolean {
  const cond = pauseCondition(ctx.rollout, PAUSE_CANARY_STEP);
  if (ctx.rollout.status?.controllerPause && !cond) return true;
  if (pause.duration !== undefined && cond) {
    const start = ctx.pauseStart(PAUSE_CANARY_STEP) ?? ctx.now();
    return ctx.deps.clock.elapsed(start, durationSeconds(pause.duration));
  }
  return false;
}

function completedCurrentCanaryStep(ctx: RolloutContext): boolean {
  if (ctx.rollout.spec.paused) return false;
  const [step] = currentCanaryStep(ctx.rollout);
  if (!step) return false;
  if (step.pause) return completedCanaryPauseStep(ctx, step.pause);
  if (step.setCanaryScale || step.setWeight !== undefined) {
    return atDesiredReplicaCountsForCanary(
      ctx.rollout,
      ctx.newRS,
      ctx.stableRS,
      ctx.otherRSs,
      ctx.newStatus.canary.weights,
    );
  }
  if (step.analysis)
    return ctx.currentArs.canaryStep?.status?.phase === 'Successful';
  if (step.setHeaderRoute || step.setMirrorRoute) return true;
  // Experiments and step plugins are not simulated; treat them as instantly done.
  return !!(step.experiment || step.plugin);
}

function syncRolloutStatusCanary(ctx: RolloutContext): void {
  const s = calculateBaseStatus(ctx);
  s.availableReplicas = sumAvailable(ctx.allRSs);
  s.HPAReplicas = sumStatus(ctx.allRSs);
  s.selector = formatLabelSelector(ctx.rollout.spec.selector);
  const [step, indexIn] = currentCanaryStep(ctx.rollout);
  let index = indexIn;
  s.stableRS = ctx.rollout.status?.stableRS;
  s.currentStepHash = computeStepHash(ctx.rollout);
  const stepCount = steps(ctx.rollout).length;

  if (podTemplateOrStepsChanged(ctx)) {
    resetRolloutStatus(ctx, s);
    if (ctx.newRS && stepCount > 0) {
      if (ctx.rollout.status?.stableRS === podHash(ctx.newRS)) {
        ctx.event('Normal', 'SkipSteps', 'Rollback to stable ReplicaSets');
        s.currentStepIndex = stepCount;
      } else if (
        isRollbackWithinWindow(ctx) &&
        (ctx.newRS.spec?.replicas ?? 0) > 0
      ) {
        ctx.event(
          'Normal',
          'SkipSteps',
          'Rollback to active ReplicaSets within RollbackWindow',
        );
        s.currentStepIndex = stepCount;
      }
    }
    persistRolloutStatus(ctx, s);
    return;
  }
  if (ctx.rollout.status?.promoteFull || isRollbackWithinWindow(ctx)) {
    ctx.pause.clearPauseConditions();
    ctx.pause.removeAbort();
    if (stepCount > 0) index = stepCount;
  }
  const reason = shouldFullPromote(ctx, s);
  if (reason) {
    promoteStable(ctx, s, reason);
    persistRolloutStatus(ctx, s);
    return;
  }
  if (ctx.pause.isAborted()) {
    if (stepCount > 0)
      s.currentStepIndex = s.stableRS === s.currentPodHash ? stepCount : 0;
    persistRolloutStatus(ctx, s);
    return;
  }
  if (step && index !== undefined && completedCurrentCanaryStep(ctx)) {
    index++;
    delete s.canary.currentStepAnalysisRunStatus;
    ctx.event(
      'Normal',
      Reasons.RolloutStepCompleted,
      Messages.stepCompleted(index, stepCount, canaryStepString(step)),
    );
    ctx.pause.removePauseCondition(PAUSE_CANARY_STEP);
  }
  s.currentStepIndex = index;
  persistRolloutStatus(ctx, s);
}

/** rolloutCanary */
export function rolloutCanary(ctx: RolloutContext): void {
  if (podTemplateOrStepsChanged(ctx)) {
    syncReplicaSetRevision(ctx);
    syncRolloutStatusCanary(ctx);
    return;
  }
  syncReplicaSetRevision(ctx);
  if (reconcileRestart(ctx) > 0) {
    // Availability counts are stale until the evicted pods are replaced.
    return;
  }
  reconcileRevisionHistoryLimit(ctx, ctx.otherRSs);
  reconcileStableAndCanaryService(ctx);
  if (!reconcileTrafficRouting(ctx)) {
    // A router error ends the reconciliation; it is retried with backoff.
    ctx.requeueAfter(ctx.deps.clock.scaled(5));
    return;
  }
  reconcileAnalysisRuns(ctx);
  if (ctx.pause.hasAddPause()) {
    syncRolloutStatusCanary(ctx);
    return;
  }
  if (reconcileCanaryReplicaSets(ctx)) {
    syncRolloutStatusCanary(ctx);
    return;
  }
  reconcileCanaryPause(ctx);
  syncRolloutStatusCanary(ctx);
}
