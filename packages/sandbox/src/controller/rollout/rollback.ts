import { KubeObject, parseTime } from '../../k8s/types';
import { RolloutContext } from './context';
import { podHash } from './replicaSets';

/** isRollback / isFastRollback / isRollbackWithinWindow from rollout/sync.go. */

const created = (rs: KubeObject | undefined) =>
  parseTime(rs?.metadata.creationTimestamp) ?? 0;

function olderThan(a: KubeObject, b: KubeObject): boolean {
  const ta = created(a);
  const tb = created(b);
  // Second-resolution timestamps tie easily at high speed; the revision breaks the tie.
  if (ta !== tb) return ta < tb;
  const ra = Number(
    a.metadata.annotations?.['rollout.argoproj.io/revision'] ?? 0,
  );
  const rb = Number(
    b.metadata.annotations?.['rollout.argoproj.io/revision'] ?? 0,
  );
  return ra < rb;
}

export function isRollback(ctx: RolloutContext): boolean {
  if (!ctx.newRS || !ctx.stableRS) return false;
  return (
    ctx.rollout.status?.stableRS === podHash(ctx.newRS) ||
    olderThan(ctx.newRS, ctx.stableRS)
  );
}

export function isRollbackWithinWindow(ctx: RolloutContext): boolean {
  const { newRS, stableRS } = ctx;
  if (!newRS || !stableRS || !olderThan(newRS, stableRS)) return false;
  const revisions = ctx.rollout.spec.rollbackWindow?.revisions;
  if (!revisions || revisions <= 0) return false;
  const window = ctx.allRSs.filter(
    rs => olderThan(rs, stableRS) && olderThan(newRS, rs),
  ).length;
  return window < revisions;
}

export function isFastRollback(ctx: RolloutContext): boolean {
  if (!isRollback(ctx)) return false;
  const withinScaleDownDelay =
    ctx.newRSWithinDelay && !!ctx.rollout.spec.strategy.blueGreen;
  return (
    isRollbackWithinWindow(ctx) ||
    withinScaleDownDelay ||
    ctx.rollout.status?.stableRS === podHash(ctx.newRS)
  );
}
