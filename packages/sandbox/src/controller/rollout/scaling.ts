import { SERVICES } from '../../k8s/resources';
import { KubeObject } from '../../k8s/types';
import { newRSNewReplicas } from './canaryReplicas';
import { PAUSE_INCONCLUSIVE_ANALYSIS, POD_HASH_LABEL } from './constants';
import { RolloutContext } from './context';
import { pauseCondition } from './pauseContext';
import {
  abortScaleDownDelay,
  addScaleDownDelay,
  removeScaleDownDelay,
  scaleDownDelaySeconds,
  scaleReplicaSet,
  shouldDelayScaleDownOnAbort,
} from './replicaSetOps';
import {
  availableReplicas,
  hasScaleDownDeadline,
  maxUnavailable,
  podHash,
  revisionOf,
  rolloutReplicas,
  specReplicas,
  sumAvailable,
  sumSpec,
  byCreation,
} from './replicaSets';

/** rollout/replicaset.go: scaling of new, stable and older ReplicaSets. */

export function removeScaleDownDeadlines(ctx: RolloutContext): void {
  const targets: KubeObject[] = [];
  if (ctx.newRS && !shouldDelayScaleDownOnAbort(ctx)) targets.push(ctx.newRS);
  if (
    ctx.stableRS &&
    (!targets.length || ctx.stableRS.metadata.name !== ctx.newRS?.metadata.name)
  ) {
    targets.push(ctx.stableRS);
  }
  for (const rs of targets) removeScaleDownDelay(ctx, rs);
}

/** reconcileNewReplicaSet: returns whether the new RS was scaled. */
export function reconcileNewReplicaSet(ctx: RolloutContext): boolean {
  if (!ctx.newRS) return false;
  let count = newRSNewReplicas(
    ctx.rollout,
    ctx.allRSs,
    ctx.newRS,
    ctx.newStatus.canary?.weights,
  );
  if (shouldDelayScaleDownOnAbort(ctx)) {
    const hasDeadline = hasScaleDownDeadline(ctx.newRS);
    if (hasDeadline) {
      const remaining = ctx.scaleDownRemaining(ctx.newRS);
      if (remaining !== undefined) {
        ctx.requeueAfter(remaining);
        scaleReplicaSet(ctx, ctx.newRS, specReplicas(ctx.newRS));
        return false;
      }
      count = 0;
    } else {
      const delay = abortScaleDownDelay(ctx.rollout).seconds;
      if (delay !== undefined) {
        scaleReplicaSet(ctx, ctx.newRS, specReplicas(ctx.newRS));
        if (availableReplicas(ctx.stableRS) >= rolloutReplicas(ctx.rollout)) {
          addScaleDownDelay(ctx, ctx.newRS, delay);
        }
        return false;
      }
    }
  }
  return scaleReplicaSet(ctx, ctx.newRS, count);
}

/** isReplicaSetReferenced: still selected by a service or recorded in status. */
export function isReplicaSetReferenced(
  ctx: RolloutContext,
  rs: KubeObject,
): boolean {
  const hash = podHash(rs);
  if (!hash) return false;
  const status = ctx.rollout.status ?? {};
  const refs = [
    status.stableRS,
    status.currentPodHash,
    status.blueGreen?.activeSelector,
    status.blueGreen?.previewSelector,
    status.canary?.weights?.canary?.podTemplateHash,
    status.canary?.weights?.stable?.podTemplateHash,
  ];
  if (refs.includes(hash)) return true;
  const strategy = ctx.rollout.spec.strategy;
  const services = strategy.canary
    ? [strategy.canary.canaryService, strategy.canary.stableService]
    : [strategy.blueGreen?.activeService, strategy.blueGreen?.previewService];
  return services.some(name => {
    if (!name) return false;
    const svc = ctx.cluster.peek(SERVICES, ctx.namespace, name);
    return svc?.spec?.selector?.[POD_HASH_LABEL] === hash;
  });
}

function scaleDownRevisionLimit(ctx: RolloutContext): number {
  const s = ctx.rollout.spec.strategy;
  return (
    s.blueGreen?.scaleDownDelayRevisionLimit ??
    s.canary?.scaleDownDelayRevisionLimit ??
    Number.MAX_SAFE_INTEGER
  );
}

/** scaleDownDelayHelper: [annotated count, desired replicas]. */
function scaleDownDelayHelper(
  ctx: RolloutContext,
  rs: KubeObject,
  annotatedIn: number,
  keep: number,
): [number, number] {
  let annotated = annotatedIn;
  let desired = 0;
  const limit = scaleDownRevisionLimit(ctx);
  if (!hasScaleDownDeadline(rs) && specReplicas(rs) > 0) {
    if (annotated < limit) {
      annotated++;
      desired = specReplicas(rs);
      addScaleDownDelay(ctx, rs, scaleDownDelaySeconds(ctx.rollout));
    }
  } else if (hasScaleDownDeadline(rs)) {
    annotated++;
    if (annotated <= limit) {
      const remaining = ctx.scaleDownRemaining(rs);
      if (remaining !== undefined) {
        ctx.requeueAfter(remaining);
        desired = keep;
      }
    }
  }
  return [annotated, desired];
}

function cleanupUnhealthyReplicas(
  ctx: RolloutContext,
  oldRSs: KubeObject[],
): number {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (specReplicas(rs) === 0 || specReplicas(rs) === availableReplicas(rs))
      continue;
    if (availableReplicas(rs) > specReplicas(rs)) continue;
    total += specReplicas(rs) - availableReplicas(rs);
    scaleReplicaSet(ctx, rs, availableReplicas(rs));
  }
  return total;
}

function scaleDownOldForCanary(
  ctx: RolloutContext,
  oldRSsIn: KubeObject[],
): number {
  let totalScaledDown = cleanupUnhealthyReplicas(ctx, oldRSsIn);
  const oldRSs = oldRSsIn.map(
    rs => ctx.allRSs.find(r => r.metadata.name === rs.metadata.name) ?? rs,
  );
  const minAvailable =
    rolloutReplicas(ctx.rollout) - maxUnavailable(ctx.rollout);
  let maxScaleDown = sumAvailable(ctx.allRSs) - minAvailable;
  if (maxScaleDown <= 0) return totalScaledDown;
  const canary = ctx.rollout.spec.strategy.canary;
  const fullyPromoted =
    !!ctx.rollout.status?.stableRS &&
    ctx.rollout.status.stableRS === ctx.rollout.status.currentPodHash;
  let annotated = 0;
  for (const rs of [...oldRSs].sort((a, b) => revisionOf(b) - revisionOf(a))) {
    if (canary.trafficRouting && isReplicaSetReferenced(ctx, rs)) continue;
    if (maxScaleDown <= 0) break;
    if (specReplicas(rs) === 0) continue;
    let desired = 0;
    if (!canary.trafficRouting) {
      if (specReplicas(rs) > maxScaleDown)
        desired = specReplicas(rs) - maxScaleDown;
    } else if (fullyPromoted || hasScaleDownDeadline(rs)) {
      if (!canary.dynamicStableScale) {
        [annotated, desired] = scaleDownDelayHelper(
          ctx,
          rs,
          annotated,
          specReplicas(rs),
        );
      }
    }
    const current =
      ctx.allRSs.find(r => r.metadata.name === rs.metadata.name) ?? rs;
    if (specReplicas(current) === desired) continue;
    scaleReplicaSet(ctx, current, desired);
    const delta = specReplicas(current) - desired;
    maxScaleDown -= delta;
    totalScaledDown += delta;
  }
  return totalScaledDown;
}

function scaleDownOldForBlueGreen(
  ctx: RolloutContext,
  oldRSs: KubeObject[],
): boolean {
  if (pauseCondition(ctx.rollout, PAUSE_INCONCLUSIVE_ANALYSIS)) return false;
  const bg = ctx.rollout.spec.strategy.blueGreen;
  const post = ctx.currentArs.postPromotion;
  const currentHash = podHash(ctx.newRS);
  const skipPost =
    ctx.rollout.status?.stableRS === currentHash ||
    ctx.rollout.status?.blueGreen?.activeSelector !== currentHash ||
    !currentHash;
  if (
    bg.postPromotionAnalysis &&
    bg.scaleDownDelaySeconds === undefined &&
    !skipPost
  ) {
    if (!post || post.status?.phase !== 'Successful') return false;
  }
  let scaled = false;
  let annotated = 0;
  for (const rs of [...oldRSs].sort((a, b) => revisionOf(b) - revisionOf(a))) {
    if (isReplicaSetReferenced(ctx, rs) || specReplicas(rs) === 0) continue;
    let desired: number;
    [annotated, desired] = scaleDownDelayHelper(
      ctx,
      rs,
      annotated,
      rolloutReplicas(ctx.rollout),
    );
    const current =
      ctx.allRSs.find(r => r.metadata.name === rs.metadata.name) ?? rs;
    if (specReplicas(current) === desired) continue;
    scaleReplicaSet(ctx, current, desired);
    scaled = true;
  }
  return scaled;
}

/** reconcileOtherReplicaSets: returns whether anything was scaled down. */
export function reconcileOtherReplicaSets(ctx: RolloutContext): boolean {
  const others = ctx.otherRSs.filter(rs => specReplicas(rs) > 0);
  if (sumSpec(others) === 0) return false;
  if (ctx.rollout.spec.strategy.canary)
    return scaleDownOldForCanary(ctx, others) > 0;
  if (ctx.rollout.spec.strategy.blueGreen)
    return scaleDownOldForBlueGreen(ctx, others);
  return false;
}
