import { PODS } from '../../k8s/resources';
import { parseTime } from '../../k8s/types';
import { controllerOf } from '../owners';
import { RolloutContext } from './context';
import { maxUnavailable, rolloutReplicas, sumSpec } from './replicaSets';

/** Seconds between checks while pods still need a restart (restartPodCheckTime upstream). */
const RESTART_CHECK_SECONDS = 30;

function isAvailable(pod: any): boolean {
  return (
    !pod.metadata.deletionTimestamp &&
    (pod.status?.conditions ?? []).some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    )
  );
}

/**
 * rollout/restart.go (`kubectl argo rollouts restart` sets spec.restartAt):
 * evicts pods created before restartAt, at most maxUnavailable (min 1) at a
 * time, then records status.restartedAt. Eviction is a graceful delete here.
 * Returns the number of pods restarted in this reconciliation.
 */
export function reconcileRestart(ctx: RolloutContext): number {
  const spec = ctx.rollout.spec;
  const restartAt = parseTime(spec.restartAt);
  if (restartAt === undefined) return 0;
  const now = ctx.now();
  if (now < restartAt) {
    ctx.requeueAfter(restartAt - now);
    return 0;
  }
  if (ctx.rollout.status?.restartedAt === spec.restartAt) return 0;
  const owners = new Set(ctx.allRSs.map(rs => rs.metadata.uid));
  const pods = ctx.cluster
    .peekList(PODS, ctx.namespace)
    .filter(p => owners.has(controllerOf(p)?.uid ?? ''));
  const concurrent = Math.max(maxUnavailable(ctx.rollout), 1);
  const minAvailable =
    Math.max(rolloutReplicas(ctx.rollout), sumSpec(ctx.allRSs)) - concurrent;
  let canRestart = pods.filter(isAvailable).length - minAvailable;
  let needsRestart = 0;
  let restarted = 0;
  for (const pod of pods) {
    if ((parseTime(pod.metadata.creationTimestamp) ?? 0) >= restartAt) continue;
    needsRestart++;
    if (canRestart <= 0 || pod.metadata.deletionTimestamp) continue;
    ctx.cluster.delete(PODS, ctx.namespace, pod.metadata.name!);
    canRestart--;
    restarted++;
  }
  if (needsRestart - restarted !== 0) {
    ctx.requeueAfter(ctx.deps.clock.scaled(RESTART_CHECK_SECONDS));
  } else {
    ctx.newStatus.restartedAt = spec.restartAt;
  }
  return restarted;
}
