import { atDesiredReplicaCountsForCanary } from './canaryReplicas';
import {
  currentCanaryStep,
  currentSetWeight,
  maxTrafficWeight,
  steps,
} from './canarySteps';
import { Reasons } from './constants';
import { RolloutContext } from './context';
import { ensureServiceTargets } from './services';
import { availableReplicas, podHash, rolloutReplicas } from './replicaSets';

/**
 * rollout/trafficrouting.go with an idealised router: whatever provider
 * `spec.strategy.canary.trafficRouting` names (smi, nginx, istio, ...), the
 * sandbox does not create provider objects; it only computes the weights the
 * router would be set to and records them in status.canary.weights.
 */

function checkReplicasAvailable(ctx: RolloutContext, weight: number): boolean {
  const rs = ctx.stableRS;
  if (!rs) return false;
  const desired = Math.floor(
    (weight * rolloutReplicas(ctx.rollout)) / maxTrafficWeight(ctx.rollout),
  );
  return availableReplicas(rs) >= desired;
}

/** trafficWeightUpdatedMessage */
function weightsMessage(prev: any, next: any): string {
  if (!prev) return `to ${next.canary.weight}`;
  return prev.canary?.weight !== next.canary.weight
    ? `from ${prev.canary?.weight} to ${next.canary.weight}`
    : '';
}

export function reconcileTrafficRouting(ctx: RolloutContext): void {
  const canary = ctx.rollout.spec.strategy.canary;
  if (!canary.trafficRouting) {
    ctx.newStatus.canary.weights = undefined;
    return;
  }
  const status = ctx.rollout.status ?? {};
  const maxWeight = maxTrafficWeight(ctx.rollout);
  const [, index] = currentCanaryStep(ctx.rollout);
  const stableHash = podHash(ctx.stableRS);
  const canaryHash = podHash(ctx.newRS);
  const fullyPromoted =
    !!status.stableRS && status.stableRS === status.currentPodHash;
  let desired = 0;
  if (fullyPromoted) {
    desired = 0;
  } else if (ctx.pause.isAborted()) {
    desired = 0;
    ensureServiceTargets(ctx, canary.canaryService, ctx.stableRS, false);
  } else if (!ctx.newRS || availableReplicas(ctx.newRS) === 0) {
    desired = 0;
  } else if (status.promoteFull) {
    desired = status.canary?.weights?.canary?.weight ?? 0;
  } else if (index !== undefined) {
    const atDesired = atDesiredReplicaCountsForCanary(
      ctx.rollout,
      ctx.newRS,
      ctx.stableRS,
      ctx.otherRSs,
      undefined,
    );
    if (!atDesired) {
      const allSteps = steps(ctx.rollout);
      for (let i = index - 1; i >= 0; i--) {
        if (allSteps[i].setWeight !== undefined) {
          desired = allSteps[i].setWeight;
          break;
        }
      }
    } else if (index !== steps(ctx.rollout).length) {
      desired = currentSetWeight(ctx.rollout);
    } else {
      desired = maxWeight;
    }
  }
  if (!checkReplicasAvailable(ctx, maxWeight - desired)) return;
  const weights = {
    canary: {
      weight: desired,
      podTemplateHash: canaryHash || undefined,
      serviceName: canary.canaryService || undefined,
    },
    stable: {
      weight: maxWeight - desired,
      podTemplateHash: stableHash || undefined,
      serviceName: canary.stableService || undefined,
    },
  };
  const prev = status.canary?.weights;
  const modified =
    !prev ||
    JSON.stringify(prev.canary) !==
      JSON.stringify(JSON.parse(JSON.stringify(weights.canary))) ||
    JSON.stringify(prev.stable) !==
      JSON.stringify(JSON.parse(JSON.stringify(weights.stable)));
  if (modified) {
    ctx.event(
      'Normal',
      Reasons.TrafficWeightUpdated,
      `Traffic weight updated ${weightsMessage(prev, weights)}`,
    );
  }
  ctx.newStatus.canary.weights = JSON.parse(JSON.stringify(weights));
}
