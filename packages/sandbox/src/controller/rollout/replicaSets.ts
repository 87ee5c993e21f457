import { defaultPodSpec } from '../../k8s/defaults';
import { KubeObject, clone, parseTime } from '../../k8s/types';
import { computePodTemplateHash } from '../../util/hash';
import {
  DESIRED_REPLICAS_ANNOTATION,
  POD_HASH_LABEL,
  REVISION_ANNOTATION,
  SCALE_DOWN_DEADLINE_ANNOTATION,
} from './constants';

/** ReplicaSet helpers from utils/replicaset and utils/annotations. */

export const specReplicas = (rs: KubeObject | undefined): number =>
  rs?.spec?.replicas ?? 0;
export const statusReplicas = (rs: KubeObject | undefined): number =>
  rs?.status?.replicas ?? 0;
export const availableReplicas = (rs: KubeObject | undefined): number =>
  rs?.status?.availableReplicas ?? 0;
export const readyReplicas = (rs: KubeObject | undefined): number =>
  rs?.status?.readyReplicas ?? 0;
export const podHash = (rs: KubeObject | undefined): string =>
  rs?.metadata.labels?.[POD_HASH_LABEL] ?? '';

export function revisionOf(obj: KubeObject | undefined): number {
  const v = Number.parseInt(
    obj?.metadata.annotations?.[REVISION_ANNOTATION] ?? '',
    10,
  );
  return Number.isNaN(v) ? 0 : v;
}

export function maxRevision(rss: KubeObject[]): number {
  return rss.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

export const sumSpec = (rss: Array<KubeObject | undefined>) =>
  rss.reduce((n, rs) => n + specReplicas(rs), 0);
export const sumStatus = (rss: Array<KubeObject | undefined>) =>
  rss.reduce((n, rs) => n + statusReplicas(rs), 0);
export const sumAvailable = (rss: Array<KubeObject | undefined>) =>
  rss.reduce((n, rs) => n + availableReplicas(rs), 0);
export const sumReady = (rss: Array<KubeObject | undefined>) =>
  rss.reduce((n, rs) => n + readyReplicas(rs), 0);

export function byCreation(a: KubeObject, b: KubeObject): number {
  const d =
    (parseTime(a.metadata.creationTimestamp) ?? 0) -
    (parseTime(b.metadata.creationTimestamp) ?? 0);
  return d !== 0
    ? d
    : (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

function withoutHashLabel(template: any): any {
  const copy = clone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_HASH_LABEL];
  return copy;
}

/**
 * replicasetutil.FindNewReplicaSet: the RS whose hash matches the current
 * template or, failing that, whose template is semantically equal once the
 * API server's pod defaults are applied (PodTemplateEqualIgnoreHash). The
 * second case is what makes `undo` find the old ReplicaSet, since the
 * template it copies back carries those defaults.
 */
export function findNewReplicaSet(
  rollout: KubeObject,
  rss: KubeObject[],
): KubeObject | undefined {
  const sorted = [...rss].sort(byCreation);
  const hash = computePodTemplateHash(
    rollout.spec?.template,
    rollout.status?.collisionCount,
  );
  const byHash = sorted.find(rs => podHash(rs) === hash);
  if (byHash) return byHash;
  const desired = withoutHashLabel(rollout.spec?.template);
  defaultPodSpec(desired.spec);
  const desiredHash = computePodTemplateHash(desired);
  return sorted.find(
    rs =>
      computePodTemplateHash(withoutHashLabel(rs.spec?.template)) ===
      desiredHash,
  );
}

export function getStableRS(
  rollout: KubeObject,
  newRS: KubeObject | undefined,
  rss: KubeObject[],
): KubeObject | undefined {
  const stable = rollout.status?.stableRS;
  if (!stable) return undefined;
  if (newRS && podHash(newRS) === stable) return newRS;
  return rss.find(rs => podHash(rs) === stable);
}

export function otherReplicaSets(
  newRS: KubeObject | undefined,
  stableRS: KubeObject | undefined,
  all: KubeObject[],
): KubeObject[] {
  return all.filter(
    rs =>
      rs.metadata.name !== newRS?.metadata.name &&
      rs.metadata.name !== stableRS?.metadata.name,
  );
}

export function getReplicaSetByHash(
  rss: KubeObject[],
  hash: string | undefined,
): KubeObject | undefined {
  return hash ? rss.find(rs => podHash(rs) === hash) : undefined;
}

export function hasScaleDownDeadline(rs: KubeObject | undefined): boolean {
  return !!rs?.metadata.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION];
}

/** Remaining real milliseconds before the scale-down deadline, or undefined when passed/absent. */
export function timeRemainingBeforeScaleDown(
  rs: KubeObject | undefined,
  now: number,
  precise?: number,
): number | undefined {
  const value = rs?.metadata.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION];
  if (!value) return undefined;
  const deadline = precise ?? parseTime(value);
  if (deadline === undefined || deadline <= now) return undefined;
  return deadline - now;
}

/** annotations.IsSaturated */
export function isSaturated(
  rollout: KubeObject,
  rs: KubeObject | undefined,
): boolean {
  if (!rs) return false;
  const desired = Number.parseInt(
    rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION] ?? '',
    10,
  );
  const replicas = rolloutReplicas(rollout);
  return (
    specReplicas(rs) === replicas &&
    desired === replicas &&
    availableReplicas(rs) === replicas
  );
}

export function rolloutReplicas(rollout: KubeObject): number {
  return rollout.spec?.replicas ?? 1;
}

/** Resolves an int-or-percent against a total, rounding as intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(
  value: unknown,
  total: number,
  roundUp: boolean,
): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) {
    const pct = Number.parseInt(value, 10);
    const raw = (pct * total) / 100;
    return roundUp ? Math.ceil(raw) : Math.floor(raw);
  }
  if (typeof value === 'string' && /^\d+$/.test(value))
    return Number.parseInt(value, 10);
  return 0;
}

function defaultPercent(value: unknown, fallback: string): unknown {
  return value === undefined || value === null ? fallback : value;
}

/** resolveFenceposts for the canary strategy: maxSurge rounds up, maxUnavailable down, never both zero. */
export function fenceposts(rollout: KubeObject): {
  maxSurge: number;
  maxUnavailable: number;
} {
  const replicas = rolloutReplicas(rollout);
  const canary = rollout.spec?.strategy?.canary ?? {};
  const surge = scaledValue(
    defaultPercent(canary.maxSurge, '25%'),
    replicas,
    true,
  );
  let unavailable = scaledValue(
    defaultPercent(canary.maxUnavailable, '25%'),
    replicas,
    false,
  );
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: Math.min(unavailable, replicas) };
}

export function maxSurge(rollout: KubeObject): number {
  return rollout.spec?.strategy?.canary ? fenceposts(rollout).maxSurge : 0;
}

export function maxUnavailable(rollout: KubeObject): number {
  const replicas = rolloutReplicas(rollout);
  if (replicas === 0) return 0;
  if (rollout.spec?.strategy?.canary) return fenceposts(rollout).maxUnavailable;
  const v = scaledValue(
    rollout.spec?.strategy?.blueGreen?.maxUnavailable ?? 0,
    replicas,
    false,
  );
  return Math.min(v, replicas);
}

export function isReplicaSetAvailable(rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const replicas = specReplicas(rs);
  const available = availableReplicas(rs);
  return replicas !== 0 && available !== 0 && replicas <= available;
}

export function isReplicaSetPartiallyAvailable(
  rs: KubeObject | undefined,
): boolean {
  return availableReplicas(rs) > 0;
}
