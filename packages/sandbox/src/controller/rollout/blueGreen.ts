import { formatLabelSelector } from '../../k8s/labels';
import { KubeObject } from '../../k8s/types';
import { reconcileAnalysisRuns } from './analysis';
import { readyForPause } from './canaryReplicas';
import { PAUSE_BLUE_GREEN, POD_HASH_LABEL } from './constants';
import { RolloutContext } from './context';
import { pauseCondition } from './pauseContext';
import {
  reconcileRevisionHistoryLimit,
  scaleReplicaSet,
  syncReplicaSetRevision,
} from './replicaSetOps';
import {
  availableReplicas,
  getReplicaSetByHash,
  isSaturated,
  podHash,
  rolloutReplicas,
  sumAvailable,
  sumStatus,
} from './replicaSets';
import { reconcileRestart } from './restart';
import { isFastRollback, isRollbackWithinWindow } from './rollback';
import {
  reconcileNewReplicaSet,
  reconcileOtherReplicaSets,
  removeScaleDownDeadlines,
} from './scaling';
import {
  previewAndActiveServices,
  serviceSelectorHash,
  switchServiceSelector,
} from './services';
import {
  calculateBaseStatus,
  haltProgress,
  persistRolloutStatus,
  promoteStable,
  resetRolloutStatus,
  shouldFullPromote,
} from './sync';

/** rollout/bluegreen.go */

function podSpecChanged(ctx: RolloutContext): boolean {
  const current = ctx.rollout.status?.currentPodHash;
  return !!current && current !== podHash(ctx.newRS);
}

function completedPrePromotionAnalysis(ctx: RolloutContext): boolean {
  const bg = ctx.rollout.spec.strategy.blueGreen;
  return (
    !bg.prePromotionAnalysis ||
    ctx.currentArs.prePromotion?.status?.phase === 'Successful'
  );
}

/** pauseContext.CompletedBlueGreenPause */
function completedBlueGreenPause(ctx: RolloutContext): boolean {
  const r = ctx.rollout;
  const bg = r.spec.strategy.blueGreen;
  const cond = pauseCondition(r, PAUSE_BLUE_GREEN);
  if (ctx.pause.hasAddPause()) return false;
  if (r.status?.blueGreen?.scaleUpPreviewCheckPoint) return true;
  if (bg.autoPromotionEnabled === undefined || bg.autoPromotionEnabled) {
    const seconds = bg.autoPromotionSeconds ?? 0;
    if (seconds === 0) return true;
    if (cond)
      return ctx.deps.clock.elapsed(
        ctx.pauseStart(PAUSE_BLUE_GREEN) ?? ctx.now(),
        seconds,
      );
    return false;
  }
  return !!r.status?.controllerPause && !cond;
}

function isFastTracked(ctx: RolloutContext, active: KubeObject): boolean {
  if (isFastRollback(ctx) || ctx.rollout.status?.promoteFull) return true;
  const selector = active.spec?.selector ?? {};
  if (!(POD_HASH_LABEL in selector)) return true;
  return selector[POD_HASH_LABEL] === podHash(ctx.newRS);
}

function needsControllerPause(rollout: KubeObject): boolean {
  const bg = rollout.spec.strategy.blueGreen;
  if (bg.autoPromotionEnabled === false) return true;
  return (bg.autoPromotionSeconds ?? 0) > 0;
}

function reconcileBlueGreenPause(
  ctx: RolloutContext,
  active: KubeObject,
): void {
  if (ctx.rollout.status?.abort) return;
  if (!readyForPause(ctx.rollout, ctx.newRS, ctx.allRSs) || haltProgress(ctx))
    return;
  if (
    isFastTracked(ctx, active) ||
    serviceSelectorHash(active) === podHash(ctx.newRS) ||
    ctx.rollout.status?.blueGreen?.scaleUpPreviewCheckPoint ||
    !needsControllerPause(ctx.rollout)
  ) {
    ctx.pause.removePauseCondition(PAUSE_BLUE_GREEN);
    return;
  }
  if (!completedPrePromotionAnalysis(ctx)) return;
  if (pauseCondition(ctx.rollout, PAUSE_BLUE_GREEN)) {
    if (completedBlueGreenPause(ctx)) {
      ctx.pause.removePauseCondition(PAUSE_BLUE_GREEN);
    } else {
      const seconds =
        ctx.rollout.spec.strategy.blueGreen.autoPromotionSeconds ?? 0;
      if (seconds > 0) {
        const start = ctx.pauseStart(PAUSE_BLUE_GREEN) ?? ctx.now();
        ctx.requeueAfter(
          start + ctx.deps.clock.scaled(seconds) - ctx.now() + 1,
        );
      }
    }
  } else if (!ctx.rollout.status?.controllerPause) {
    ctx.pause.addPauseCondition(PAUSE_BLUE_GREEN);
  }
}

function reconcileActiveService(ctx: RolloutContext, active: KubeObject): void {
  if (haltProgress(ctx)) return;
  if (
    !readyForPause(ctx.rollout, ctx.newRS, ctx.allRSs) ||
    !isSaturated(ctx.rollout, ctx.newRS)
  )
    return;
  let hash = serviceSelectorHash(active);
  if (isFastTracked(ctx, active)) hash = podHash(ctx.newRS);
  if (completedBlueGreenPause(ctx) && completedPrePromotionAnalysis(ctx))
    hash = podHash(ctx.newRS);
  if (ctx.rollout.status?.abort) hash = ctx.rollout.status.stableRS;
  if (hash) switchServiceSelector(ctx, active, hash);
}

function reconcileBlueGreenReplicaSets(ctx: RolloutContext): void {
  removeScaleDownDeadlines(ctx);
  if (ctx.stableRS)
    scaleReplicaSet(ctx, ctx.stableRS, rolloutReplicas(ctx.rollout));
  reconcileNewReplicaSet(ctx);
  reconcileOtherReplicaSets(ctx);
  reconcileRevisionHistoryLimit(ctx, ctx.otherRSs);
}

function syncRolloutStatusBlueGreen(
  ctx: RolloutContext,
  preview: KubeObject | undefined,
  active: KubeObject | undefined,
): void {
  const s = calculateBaseStatus(ctx);
  s.stableRS = ctx.rollout.status?.stableRS;
  if (podSpecChanged(ctx)) resetRolloutStatus(ctx, s);
  if (ctx.rollout.status?.promoteFull || isRollbackWithinWindow(ctx)) {
    ctx.pause.clearPauseConditions();
    ctx.pause.removeAbort();
  }
  s.blueGreen.previewSelector = serviceSelectorHash(preview) || undefined;
  s.blueGreen.activeSelector = serviceSelectorHash(active) || undefined;
  const reason = shouldFullPromote(ctx, s);
  if (reason) {
    promoteStable(ctx, s, reason);
  } else {
    s.blueGreen.scaleUpPreviewCheckPoint =
      calculateScaleUpPreviewCheckPoint(ctx) || undefined;
  }
  const activeRS = getReplicaSetByHash(ctx.allRSs, s.blueGreen.activeSelector);
  if (activeRS) {
    s.HPAReplicas = activeRS.status?.replicas ?? 0;
    s.selector = formatLabelSelector(activeRS.spec?.selector);
    s.availableReplicas = availableReplicas(activeRS);
    s.readyReplicas = activeRS.status?.readyReplicas ?? 0;
  } else {
    s.HPAReplicas = sumStatus(ctx.allRSs);
    s.selector = formatLabelSelector(ctx.rollout.spec.selector);
    s.availableReplicas = sumAvailable(ctx.allRSs);
  }
  persistRolloutStatus(ctx, s);
}

function calculateScaleUpPreviewCheckPoint(ctx: RolloutContext): boolean {
  const bg = ctx.rollout.spec.strategy.blueGreen;
  if (bg.previewReplicaCount === undefined) return false;
  if (ctx.rollout.status?.blueGreen?.scaleUpPreviewCheckPoint) return true;
  if (!completedPrePromotionAnalysis(ctx) || !completedBlueGreenPause(ctx))
    return false;
  return bg.previewReplicaCount === availableReplicas(ctx.newRS);
}

/** rolloutBlueGreen */
export function rolloutBlueGreen(ctx: RolloutContext): void {
  const [preview, activeSvc] = previewAndActiveServices(ctx);
  syncReplicaSetRevision(ctx);
  if (preview && !haltProgress(ctx) && ctx.newRS) {
    switchServiceSelector(ctx, preview, podHash(ctx.newRS));
  }
  const refresh = () => previewAndActiveServices(ctx);
  if (podSpecChanged(ctx)) {
    const [p, a] = refresh();
    syncRolloutStatusBlueGreen(ctx, p, a);
    return;
  }
  reconcileRestart(ctx);
  reconcileBlueGreenReplicaSets(ctx);
  if (activeSvc) {
    reconcileBlueGreenPause(ctx, activeSvc);
    reconcileActiveService(ctx, refresh()[1] ?? activeSvc);
  }
  reconcileAnalysisRuns(ctx);
  const [p, a] = refresh();
  syncRolloutStatusBlueGreen(ctx, p, a);
}
