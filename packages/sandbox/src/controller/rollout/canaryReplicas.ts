import { KubeObject } from '../../k8s/types';
import { POD_HASH_LABEL } from './constants';
import {
  currentCanaryStep,
  currentSetWeight,
  maxTrafficWeight,
  steps,
} from './canarySteps';
import {
  availableReplicas,
  getReplicaSetByHash,
  getStableRS,
  maxSurge,
  maxUnavailable,
  otherReplicaSets,
  rolloutReplicas,
  specReplicas,
  statusReplicas,
  sumAvailable,
  sumSpec,
} from './replicaSets';

/**
 * Step and replica arithmetic of utils/replicaset/canary.go, ported line by
 * line because the observable replica counts depend on its exact rounding.
 */

function useSetCanaryScale(rollout: KubeObject): any | undefined {
  const canary = rollout.spec?.strategy?.canary;
  if (!canary?.trafficRouting) return undefined;
  if (rollout.status?.abort && canary.abortScaleDownDelaySeconds !== 0)
    return undefined;
  const [step, index] = currentCanaryStep(rollout);
  if (!step || index === undefined) return undefined;
  const all = steps(rollout);
  for (let i = index; i >= 0; i--) {
    const scale = all[i].setCanaryScale;
    if (!scale) continue;
    if (scale.matchTrafficWeight) return undefined;
    return scale;
  }
  return undefined;
}

function trafficWeightToReplicas(
  replicas: number,
  weight: number,
  maxWeight: number,
): number {
  return Math.ceil((weight * replicas) / maxWeight);
}

export function canaryReplicasOrWeight(
  rollout: KubeObject,
): [number | undefined, number] {
  const status = rollout.status ?? {};
  if (
    status.promoteFull ||
    !status.stableRS ||
    status.currentPodHash === status.stableRS
  ) {
    return [undefined, maxTrafficWeight(rollout)];
  }
  const scale = useSetCanaryScale(rollout);
  if (scale?.replicas !== undefined) return [scale.replicas, 0];
  if (scale?.weight !== undefined) return [undefined, scale.weight];
  return [undefined, currentSetWeight(rollout)];
}

function floorCeilingTied(
  desiredWeight: number,
  maxWeight: number,
  total: number,
): boolean {
  const v = total * (desiredWeight / maxWeight);
  return v - Math.trunc(v) === 0.5;
}

function weightDelta(
  desiredWeight: number,
  maxWeight: number,
  canary: number,
  total: number,
): number {
  return Math.abs((canary * maxWeight) / total - desiredWeight);
}

function approximateWeightedCounts(
  specReplicasCount: number,
  desiredWeight: number,
  maxWeight: number,
  surge: number,
): [number, number] {
  if (specReplicasCount === 0) return [0, 0];
  const ceil = Math.ceil((specReplicasCount * desiredWeight) / maxWeight);
  const floor = Math.floor((specReplicasCount * desiredWeight) / maxWeight);
  const tied = floorCeilingTied(desiredWeight, maxWeight, specReplicasCount);
  const zeroAllowed =
    desiredWeight === maxWeight ||
    desiredWeight === 0 ||
    (specReplicasCount === 1 && surge === 0);
  const options: Array<[number, number]> = [];
  if (ceil < specReplicasCount || zeroAllowed)
    options.push([ceil, specReplicasCount]);
  if (!tied && (floor !== 0 || zeroAllowed))
    options.push([floor, specReplicasCount]);
  if (surge > 0) {
    options.push([ceil, specReplicasCount + 1]);
    const surgeTied = floorCeilingTied(
      desiredWeight,
      maxWeight,
      specReplicasCount + 1,
    );
    if (!surgeTied && (floor !== 0 || zeroAllowed))
      options.push([floor, specReplicasCount + 1]);
  }
  if (!options.length) return [0, specReplicasCount];
  let best = options[0];
  let bestDelta = weightDelta(desiredWeight, maxWeight, best[0], best[1]);
  for (const option of options.slice(1)) {
    const delta = weightDelta(desiredWeight, maxWeight, option[0], option[1]);
    if (delta < bestDelta) {
      best = option;
      bestDelta = delta;
    }
  }
  return [best[0], best[1] - best[0]];
}

function replicasForScaleDown(
  rs: KubeObject | undefined,
  ignoreAvailability: boolean,
): number {
  if (!rs) return 0;
  if (specReplicas(rs) < availableReplicas(rs)) return specReplicas(rs);
  return ignoreAvailability ? specReplicas(rs) : availableReplicas(rs);
}

function scaleDownCountFor(
  drain: KubeObject | undefined,
  desired: number,
  scaleDown: number,
  current: number,
): number {
  if (drain && specReplicas(drain) > desired) {
    return Math.max(desired, specReplicas(drain) - scaleDown);
  }
  return current;
}

function adjustWithinLimits(
  drain: KubeObject | undefined,
  adjust: KubeObject | undefined,
  drainCountIn: number,
  adjustCountIn: number,
  maxAllowed: number,
  minAvailable: number,
): [number, number] {
  let drainCount = drainCountIn;
  let adjustCount = adjustCountIn;
  let totalAvailable = 0;
  let overLimit = Math.max(0, adjustCount + drainCount - maxAllowed);
  if (drain) totalAvailable += Math.min(availableReplicas(drain), drainCount);
  if (adjust) {
    adjustCount -= overLimit;
    totalAvailable += Math.min(availableReplicas(adjust), adjustCount);
    const extra = Math.max(0, availableReplicas(adjust) - adjustCount);
    const needed = Math.max(0, minAvailable - totalAvailable);
    adjustCount += Math.min(extra, needed);
    overLimit = Math.max(0, adjustCount + drainCount - maxAllowed);
    drainCount -= overLimit;
  }
  return [drainCount, adjustCount];
}

export function checkStableRSExists(
  newRS: KubeObject | undefined,
  stableRS: KubeObject | undefined,
): boolean {
  if (!stableRS) return false;
  if (!newRS) return true;
  return newRS.metadata.name !== stableRS.metadata.name;
}

/** CalculateReplicaCountsForBasicCanary: [newRS count, stableRS count]. */
export function replicaCountsForBasicCanary(
  rollout: KubeObject,
  newRS: KubeObject | undefined,
  stableRS: KubeObject | undefined,
  oldRSs: KubeObject[],
): [number, number] {
  const replicas = rolloutReplicas(rollout);
  const [, desiredWeight] = canaryReplicasOrWeight(rollout);
  const surge = maxSurge(rollout);
  let [desiredNew, desiredStable] = approximateWeightedCounts(
    replicas,
    desiredWeight,
    maxTrafficWeight(rollout),
    surge,
  );
  let stableCount = 0;
  let newCount = newRS ? specReplicas(newRS) : 0;
  const scaleStable = checkStableRSExists(newRS, stableRS);
  if (scaleStable) {
    stableCount = specReplicas(stableRS);
  } else {
    desiredNew = replicas;
    desiredStable = 0;
  }
  const maxAllowed = replicas + surge;
  const all = [...oldRSs, newRS, ...(scaleStable ? [stableRS] : [])];
  let scaleUp = maxAllowed - sumSpec(all);
  if (scaleStable && specReplicas(stableRS) < desiredStable && scaleUp > 0) {
    if (specReplicas(stableRS) + scaleUp < desiredStable) {
      stableCount = specReplicas(stableRS) + scaleUp;
      scaleUp = 0;
    } else {
      stableCount = desiredStable;
      scaleUp -= desiredStable - specReplicas(stableRS);
    }
  }
  if (newRS && specReplicas(newRS) < desiredNew && scaleUp > 0) {
    newCount =
      specReplicas(newRS) + scaleUp < desiredNew
        ? specReplicas(newRS) + scaleUp
        : desiredNew;
  }
  if (sumSpec(oldRSs) > 0) return [newCount, stableCount];
  const minAvailable = replicas - maxUnavailable(rollout);
  const increasing = !newRS || desiredNew >= specReplicas(newRS);
  const toScaleDown =
    replicasForScaleDown(newRS, !increasing) +
    replicasForScaleDown(stableRS, increasing);
  if (toScaleDown <= minAvailable) return [newCount, stableCount];
  const scaleDown = toScaleDown - minAvailable;
  if (!increasing) {
    newCount = scaleDownCountFor(newRS, desiredNew, scaleDown, newCount);
    [newCount, stableCount] = adjustWithinLimits(
      newRS,
      stableRS,
      newCount,
      stableCount,
      maxAllowed,
      minAvailable,
    );
  } else if (scaleStable) {
    stableCount = scaleDownCountFor(
      stableRS,
      desiredStable,
      scaleDown,
      stableCount,
    );
    [stableCount, newCount] = adjustWithinLimits(
      stableRS,
      newRS,
      stableCount,
      newCount,
      maxAllowed,
      minAvailable,
    );
  }
  return [newCount, stableCount];
}

function minPods(rollout: KubeObject, count: number): number {
  const canary = rollout.spec?.strategy?.canary;
  if (
    count === 0 ||
    canary?.minPodsPerReplicaSet === undefined ||
    !canary.trafficRouting
  )
    return count;
  return Math.max(
    count,
    Math.min(canary.minPodsPerReplicaSet, rolloutReplicas(rollout)),
  );
}

/** CalculateReplicaCountsForTrafficRoutedCanary: [canary count, stable count]. */
export function replicaCountsForTrafficRoutedCanary(
  rollout: KubeObject,
  weights: any | undefined,
): [number, number] {
  const replicas = rolloutReplicas(rollout);
  const [setScale, desiredWeight] = canaryReplicasOrWeight(rollout);
  const maxWeight = maxTrafficWeight(rollout);
  let canaryCount =
    setScale ??
    minPods(
      rollout,
      trafficWeightToReplicas(replicas, desiredWeight, maxWeight),
    );
  if (!rollout.spec?.strategy?.canary?.dynamicStableScale)
    return [canaryCount, replicas];
  let stableCount = trafficWeightToReplicas(
    replicas,
    maxWeight - desiredWeight,
    maxWeight,
  );
  if (weights) {
    stableCount = Math.max(
      stableCount,
      trafficWeightToReplicas(replicas, weights.stable?.weight ?? 0, maxWeight),
    );
    if (rollout.status?.abort) {
      canaryCount = Math.max(
        trafficWeightToReplicas(
          replicas,
          weights.canary?.weight ?? 0,
          maxWeight,
        ),
        canaryCount,
      );
    }
  }
  return [minPods(rollout, canaryCount), minPods(rollout, stableCount)];
}

function allDesiredAreAvailable(
  rs: KubeObject | undefined,
  desired: number,
): boolean {
  return (
    !!rs && desired === specReplicas(rs) && desired === availableReplicas(rs)
  );
}

function progressThresholdMet(
  rollout: KubeObject,
  rs: KubeObject | undefined,
  desired: number,
): boolean {
  const threshold = rollout.spec?.strategy?.canary?.replicaProgressThreshold;
  if (!threshold || !rs || threshold.value < 0)
    return allDesiredAreAvailable(rs, desired);
  if (threshold.type === 'Percent') {
    return (
      desired === 0 ||
      (availableReplicas(rs) / desired) * 100 >= threshold.value - 1e-10
    );
  }
  return availableReplicas(rs) >= threshold.value;
}

export function atDesiredReplicaCountsForCanary(
  rollout: KubeObject,
  newRS: KubeObject | undefined,
  stableRS: KubeObject | undefined,
  otherRSs: KubeObject[],
  weights: any | undefined,
): boolean {
  const canary = rollout.spec?.strategy?.canary ?? {};
  const [desiredNew, desiredStable] = canary.trafficRouting
    ? replicaCountsForTrafficRoutedCanary(rollout, weights)
    : replicaCountsForBasicCanary(rollout, newRS, stableRS, otherRSs);
  if (!progressThresholdMet(rollout, newRS, desiredNew)) return false;
  if (!canary.trafficRouting || !canary.dynamicStableScale) {
    if (
      !stableRS ||
      desiredStable !== specReplicas(stableRS) ||
      desiredStable !== statusReplicas(stableRS)
    ) {
      return false;
    }
  }
  if (!canary.trafficRouting && sumAvailable(otherRSs) !== 0) return false;
  return true;
}

/** NewRSNewReplicas */
export function newRSNewReplicas(
  rollout: KubeObject,
  allRSs: KubeObject[],
  newRS: KubeObject,
  weights: any,
): number {
  const replicas = rolloutReplicas(rollout);
  const bg = rollout.spec?.strategy?.blueGreen;
  if (bg) {
    if (bg.previewReplicaCount === undefined) return replicas;
    const activeRS = getReplicaSetByHash(
      allRSs,
      rollout.status?.blueGreen?.activeSelector,
    );
    if (!activeRS || activeRS.metadata.name === newRS.metadata.name)
      return replicas;
    if (rollout.status?.promoteFull) return replicas;
    if (
      newRS.metadata.labels?.[POD_HASH_LABEL] !== rollout.status?.currentPodHash
    )
      return bg.previewReplicaCount;
    const notPaused =
      !rollout.spec?.paused && !(rollout.status?.pauseConditions ?? []).length;
    if (notPaused && rollout.status?.blueGreen?.scaleUpPreviewCheckPoint)
      return replicas;
    return bg.previewReplicaCount;
  }
  const stableRS = getStableRS(rollout, newRS, allRSs);
  if (!rollout.spec?.strategy?.canary?.trafficRouting) {
    return replicaCountsForBasicCanary(
      rollout,
      newRS,
      stableRS,
      otherReplicaSets(newRS, stableRS, allRSs),
    )[0];
  }
  return replicaCountsForTrafficRoutedCanary(rollout, weights)[0];
}

export function readyForPause(
  rollout: KubeObject,
  newRS: KubeObject | undefined,
  allRSs: KubeObject[],
): boolean {
  if (!newRS) return false;
  const count = newRSNewReplicas(rollout, allRSs, newRS, undefined);
  return specReplicas(newRS) === count && availableReplicas(newRS) === count;
}
