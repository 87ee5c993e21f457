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
import { NginxTrafficRouter } from './nginxTrafficRouter';
import { SmiTrafficRouter } from './smiTrafficRouter';
import { TrafficRouter } from './trafficRouter';

/**
 * rollout/trafficrouting.go: the desired canary weight of the current step,
 * written to the router's objects (nginx: the canary Ingress; smi: the
 * TrafficSplit) and then recorded in status.canary.weights. Other routers are
 * refused as InvalidSpec before this runs (trafficRoutingValidation.ts).
 */

/** NewTrafficRoutingReconciler, for the routers the sandbox models. */
function trafficRouters(ctx: RolloutContext): TrafficRouter[] {
  const routing = ctx.rollout.spec.strategy.canary.trafficRouting;
  const routers: TrafficRouter[] = [];
  if (routing.nginx) routers.push(new NginxTrafficRouter(ctx));
  if (routing.smi) routers.push(new SmiTrafficRouter(ctx));
  return routers;
}

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

/**
 * Returns false when a router could not be set (upstream returns the error,
 * which ends the reconciliation before any status is written).
 */
export function reconcileTrafficRouting(ctx: RolloutContext): boolean {
  const canary = ctx.rollout.spec.strategy.canary;
  const routers = canary.trafficRouting ? trafficRouters(ctx) : [];
  if (!routers.length) {
    ctx.newStatus.canary.weights = undefined;
    return true;
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
  if (!checkReplicasAvailable(ctx, maxWeight - desired)) return true;
  for (const router of routers) {
    try {
      router.setWeight(desired);
    } catch (error) {
      ctx.event('Warning', 'TrafficRoutingError', (error as Error).message);
      return false;
    }
  }
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
  return true;
}
