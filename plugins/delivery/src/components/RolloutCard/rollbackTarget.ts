import { RolloutSummary } from '@internal/plugin-delivery-common';

type RollbackFacts = Pick<RolloutSummary, 'rollbackTargets' | 'stableRevision'>;

/**
 * The revision Roll back offers first: the newest one before the stable
 * revision, as `kubectl argo rollouts undo` picks the previous revision.
 * Rolling back to the stable revision is what Abort already does, so it is
 * offered first only when there is nothing older.
 */
export function defaultRollbackTarget(
  rollout: RollbackFacts,
): number | undefined {
  const stable = rollout.stableRevision?.revision;
  return (
    rollout.rollbackTargets.find(revision => revision !== stable) ??
    rollout.rollbackTargets[0]
  );
}

/**
 * Whether rolling back to `revision` goes straight to Healthy: Argo Rollouts
 * skips the steps when the pod template is the stable revision's, which is
 * still running.
 */
export function rollbackSkipsSteps(
  rollout: RollbackFacts,
  revision?: number,
): boolean {
  return (
    revision !== undefined && revision === rollout.stableRevision?.revision
  );
}
