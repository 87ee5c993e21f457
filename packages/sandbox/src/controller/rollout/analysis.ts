import { ApiError } from '../../k8s/errors';
import { ANALYSISRUNS } from '../../k8s/resources';
import { KubeObject } from '../../k8s/types';
import { currentCanaryStep } from './canarySteps';
import {
  DEFAULT_ANALYSIS_HISTORY_LIMIT,
  PAUSE_BLUE_GREEN,
  PAUSE_CANARY_STEP,
  PAUSE_INCONCLUSIVE_ANALYSIS,
  POD_HASH_LABEL,
  ROLLOUT_TYPE_LABEL,
  STEP_INDEX_LABEL,
  TYPE_BACKGROUND,
  TYPE_POST_PROMOTION,
  TYPE_PRE_PROMOTION,
  TYPE_STEP,
} from './constants';
import { CurrentAnalysisRuns, RolloutContext } from './context';
import { pauseCondition } from './pauseContext';
import { isSaturated, podHash, byCreation } from './replicaSets';
import { isFastRollback } from './rollback';
import { createAnalysisRun, isCompleted } from './analysisRunFactory';

/** rollout/analysis.go: AnalysisRuns owned by a Rollout. */

export function cancelAnalysisRuns(
  ctx: RolloutContext,
  runs: Array<KubeObject | undefined>,
): void {
  for (const ar of runs) {
    if (ar && !ar.spec?.terminate && !isCompleted(ar)) {
      try {
        ctx.cluster.patch(
          ANALYSISRUNS,
          ctx.namespace,
          ar.metadata.name!,
          'merge',
          { spec: { terminate: true } },
        );
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 404) throw e;
      }
    }
  }
}

function needsNewAnalysisRun(
  current: KubeObject | undefined,
  rollout: KubeObject,
): boolean {
  if (!current) return true;
  if (
    rollout.status?.controllerPause &&
    !pauseCondition(rollout, PAUSE_CANARY_STEP) &&
    !pauseCondition(rollout, PAUSE_BLUE_GREEN)
  ) {
    return current.status?.phase === 'Inconclusive';
  }
  return !!rollout.status?.abortedAt;
}

function failOrPause(
  ctx: RolloutContext,
  ar: KubeObject | undefined,
  prefix: string,
): void {
  const phase = ar?.status?.phase;
  if (phase === 'Inconclusive')
    ctx.pause.addPauseCondition(PAUSE_INCONCLUSIVE_ANALYSIS);
  if (phase === 'Failed' || phase === 'Error') {
    ctx.pause.addAbort(
      ar?.status?.message ? `${prefix}: ${ar.status.message}` : prefix,
    );
  }
}

function stepAnalysis(ctx: RolloutContext): KubeObject | undefined {
  const [step, index] = currentCanaryStep(ctx.rollout);
  const current = ctx.currentArs.canaryStep;
  if (
    (ctx.rollout.status?.pauseConditions ?? []).length ||
    ctx.rollout.status?.abort
  )
    return current;
  const fromPreviousStep =
    step?.analysis &&
    current &&
    current.metadata.labels?.[STEP_INDEX_LABEL] !== String(index);
  if (
    !step?.analysis?.templates?.length ||
    index === undefined ||
    fromPreviousStep
  ) {
    cancelAnalysisRuns(ctx, [current]);
    return undefined;
  }
  if (needsNewAnalysisRun(current, ctx.rollout)) {
    return createAnalysisRun(ctx, step.analysis, String(index), {
      [POD_HASH_LABEL]: podHash(ctx.newRS),
      [ROLLOUT_TYPE_LABEL]: TYPE_STEP,
      [STEP_INDEX_LABEL]: String(index),
    });
  }
  failOrPause(ctx, current, 'Step-based analysis phase error/failed');
  return current;
}

function backgroundAnalysis(ctx: RolloutContext): KubeObject | undefined {
  const analysis = ctx.rollout.spec.strategy.canary.analysis;
  const current = ctx.currentArs.canaryBackground;
  if (!analysis?.templates?.length) {
    cancelAnalysisRuns(ctx, [current]);
    return undefined;
  }
  const status = ctx.rollout.status ?? {};
  const [, index] = currentCanaryStep(ctx.rollout);
  const beforeStart =
    analysis.startingStep !== undefined &&
    index !== undefined &&
    index < analysis.startingStep;
  if (
    status.stableRS === status.currentPodHash ||
    !status.stableRS ||
    !status.currentPodHash ||
    beforeStart
  )
    return undefined;
  if (pauseCondition(ctx.rollout, PAUSE_INCONCLUSIVE_ANALYSIS)) return current;
  if (needsNewAnalysisRun(current, ctx.rollout)) {
    return createAnalysisRun(ctx, analysis, '', {
      [POD_HASH_LABEL]: podHash(ctx.newRS),
      [ROLLOUT_TYPE_LABEL]: TYPE_BACKGROUND,
    });
  }
  failOrPause(ctx, current, 'Background analysis phase error/failed');
  return current;
}

function promotionAnalysis(
  ctx: RolloutContext,
  post: boolean,
): KubeObject | undefined {
  const bg = ctx.rollout.spec.strategy.blueGreen;
  const analysis = post ? bg.postPromotionAnalysis : bg.prePromotionAnalysis;
  const current = post
    ? ctx.currentArs.postPromotion
    : ctx.currentArs.prePromotion;
  if (!analysis?.templates?.length) {
    cancelAnalysisRuns(ctx, [current]);
    return undefined;
  }
  const hash = podHash(ctx.newRS);
  const active = ctx.rollout.status?.blueGreen?.activeSelector;
  const skip = post
    ? ctx.rollout.status?.stableRS === hash ||
      active !== hash ||
      !hash ||
      (!current && !isSaturated(ctx.rollout, ctx.newRS))
    : ctx.rollout.status?.stableRS === hash ||
      !active ||
      active === hash ||
      !hash ||
      (!current &&
        (bg.previewReplicaCount !== undefined
          ? ctx.newRS?.spec?.replicas !== bg.previewReplicaCount ||
            ctx.newRS?.status?.availableReplicas !== bg.previewReplicaCount
          : !isSaturated(ctx.rollout, ctx.newRS)));
  if (skip) {
    cancelAnalysisRuns(ctx, [current]);
    return current;
  }
  if (pauseCondition(ctx.rollout, PAUSE_INCONCLUSIVE_ANALYSIS)) return current;
  if (needsNewAnalysisRun(current, ctx.rollout)) {
    return createAnalysisRun(ctx, analysis, post ? 'post' : 'pre', {
      [POD_HASH_LABEL]: hash,
      [ROLLOUT_TYPE_LABEL]: post ? TYPE_POST_PROMOTION : TYPE_PRE_PROMOTION,
    });
  }
  return current;
}

function runStatus(ar: KubeObject | undefined): any {
  return (
    ar &&
    JSON.parse(
      JSON.stringify({
        name: ar.metadata.name,
        status: ar.status?.phase ?? '',
        message: ar.status?.message,
      }),
    )
  );
}

function emitChanges(
  ctx: RolloutContext,
  prev: any,
  ar: KubeObject | undefined,
  type: string,
): void {
  const phase = ar?.status?.phase;
  if (!ar || !phase) return;
  if (!prev || (prev.name === ar.metadata.name && prev.status !== phase)) {
    const warning = phase === 'Failed' || phase === 'Error';
    ctx.event(
      warning ? 'Warning' : 'Normal',
      `AnalysisRun${phase}`,
      `${type} Analysis Run '${
        ar.metadata.name
      }' Status New: '${phase}' Previous: '${
        prev?.status || 'NoPreviousStatus'
      }'`,
    );
  }
}

/** reconcileAnalysisRuns */
export function reconcileAnalysisRuns(ctx: RolloutContext): void {
  const status = ctx.rollout.status ?? {};
  const fullyPromoted =
    !!status.stableRS && status.stableRS === status.currentPodHash;
  const cancelAll =
    fullyPromoted ||
    ctx.pause.isAborted() ||
    status.promoteFull ||
    isFastRollback(ctx) ||
    !status.stableRS;
  const next: CurrentAnalysisRuns = {};
  if (cancelAll) {
    cancelAnalysisRuns(ctx, Object.values(ctx.currentArs));
    next.prePromotion = ctx.currentArs.prePromotion;
    next.postPromotion = ctx.currentArs.postPromotion;
  } else if (ctx.rollout.spec.strategy.canary) {
    next.canaryStep = stepAnalysis(ctx);
    next.canaryBackground = backgroundAnalysis(ctx);
  } else {
    next.prePromotion = promotionAnalysis(ctx, false);
    if (next.prePromotion)
      failOrPause(
        ctx,
        next.prePromotion,
        'Blue/green pre-promotion analysis phase error/failed',
      );
    next.postPromotion = promotionAnalysis(ctx, true);
    if (next.postPromotion)
      failOrPause(
        ctx,
        next.postPromotion,
        'Blue/green post-promotion analysis phase error/failed',
      );
  }
  ctx.currentArs = next;
  if (ctx.rollout.spec.strategy.canary) {
    if (next.canaryBackground)
      ctx.newStatus.canary.currentBackgroundAnalysisRunStatus = runStatus(
        next.canaryBackground,
      );
    if (next.canaryStep)
      ctx.newStatus.canary.currentStepAnalysisRunStatus = runStatus(
        next.canaryStep,
      );
  } else {
    if (next.prePromotion)
      ctx.newStatus.blueGreen.prePromotionAnalysisRunStatus = runStatus(
        next.prePromotion,
      );
    if (next.postPromotion)
      ctx.newStatus.blueGreen.postPromotionAnalysisRunStatus = runStatus(
        next.postPromotion,
      );
  }
  const currentNames = new Set(
    Object.values(next)
      .filter(Boolean)
      .map(a => a!.metadata.name),
  );
  const others = ctx.otherArs.filter(a => !currentNames.has(a.metadata.name));
  cancelAnalysisRuns(ctx, others);
  const limit = ctx.rollout.spec.analysis;
  const keepOk =
    limit?.successfulRunHistoryLimit ?? DEFAULT_ANALYSIS_HISTORY_LIMIT;
  const keepFailed =
    limit?.unsuccessfulRunHistoryLimit ?? DEFAULT_ANALYSIS_HISTORY_LIMIT;
  const completed = others.filter(isCompleted).sort(byCreation).reverse();
  const ok = completed
    .filter(a => a.status?.phase === 'Successful')
    .slice(keepOk);
  const failed = completed
    .filter(a => a.status?.phase !== 'Successful')
    .slice(keepFailed);
  for (const ar of [...ok, ...failed]) {
    try {
      ctx.cluster.delete(ANALYSISRUNS, ctx.namespace, ar.metadata.name!);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
  emitChanges(
    ctx,
    status.blueGreen?.postPromotionAnalysisRunStatus,
    next.postPromotion,
    TYPE_POST_PROMOTION,
  );
  emitChanges(
    ctx,
    status.blueGreen?.prePromotionAnalysisRunStatus,
    next.prePromotion,
    TYPE_PRE_PROMOTION,
  );
  emitChanges(
    ctx,
    status.canary?.currentStepAnalysisRunStatus,
    next.canaryStep,
    TYPE_STEP,
  );
  emitChanges(
    ctx,
    status.canary?.currentBackgroundAnalysisRunStatus,
    next.canaryBackground,
    TYPE_BACKGROUND,
  );
}

/** FilterCurrentRolloutAnalysisRuns */
export function splitAnalysisRuns(
  rollout: KubeObject,
  runs: KubeObject[],
): [CurrentAnalysisRuns, KubeObject[]] {
  const status = rollout.status ?? {};
  const current: CurrentAnalysisRuns = {};
  const others: KubeObject[] = [];
  for (const ar of runs) {
    const name = ar.metadata.name;
    if (name === status.canary?.currentStepAnalysisRunStatus?.name)
      current.canaryStep = ar;
    else if (name === status.canary?.currentBackgroundAnalysisRunStatus?.name)
      current.canaryBackground = ar;
    else if (name === status.blueGreen?.prePromotionAnalysisRunStatus?.name)
      current.prePromotion = ar;
    else if (name === status.blueGreen?.postPromotionAnalysisRunStatus?.name)
      current.postPromotion = ar;
    else others.push(ar);
  }
  return [current, others];
}
