import { RolloutRevision } from '@internal/plugin-delivery-common';
import {
  podTemplateHashOf,
  ReplicaSet,
  revisionOf,
  Rollout,
} from './kubernetesTypes';
import { imagesOf, strategyOf } from './rolloutState';

/** The ReplicaSets the Rollout controls, newest revision first. */
export function ownedReplicaSets(
  rollout: Rollout,
  replicaSets: ReplicaSet[],
): ReplicaSet[] {
  const uid = rollout.metadata.uid;
  return replicaSets
    .filter(rs =>
      (rs.metadata.ownerReferences ?? []).some(owner =>
        uid
          ? owner.uid === uid
          : owner.kind === 'Rollout' && owner.name === rollout.metadata.name,
      ),
    )
    .sort((a, b) => (revisionOf(b) ?? 0) - (revisionOf(a) ?? 0));
}

function roleOf(rollout: Rollout, hash?: string): RolloutRevision['role'] {
  const status = rollout.status ?? {};
  if (hash === undefined) {
    return 'old';
  }
  if (strategyOf(rollout) === 'blueGreen') {
    if (status.blueGreen?.activeSelector === hash) return 'active';
    if (status.blueGreen?.previewSelector === hash) return 'preview';
    return 'old';
  }
  if (status.stableRS === hash) return 'stable';
  if (status.currentPodHash === hash) return 'canary';
  return 'old';
}

export function toRolloutRevision(
  rollout: Rollout,
  replicaSet: ReplicaSet,
): RolloutRevision | undefined {
  const revision = revisionOf(replicaSet);
  const hash = podTemplateHashOf(replicaSet);
  if (revision === undefined || hash === undefined) {
    return undefined;
  }
  return {
    revision,
    podTemplateHash: hash,
    images: imagesOf(replicaSet.spec?.template),
    replicas: replicaSet.status?.replicas ?? 0,
    readyReplicas: replicaSet.status?.readyReplicas ?? 0,
    createdAt: replicaSet.metadata.creationTimestamp,
    role: roleOf(rollout, hash),
  };
}

/**
 * Where `kubectl argo rollouts undo` would go: the given revision, or the
 * second-newest one when none is given (utils in cmd/undo `rolloutRevision`).
 */
export function findRollbackTarget(
  owned: ReplicaSet[],
  toRevision?: number,
): ReplicaSet | undefined {
  const withRevision = owned.filter(rs => revisionOf(rs) !== undefined);
  if (toRevision !== undefined) {
    return withRevision.find(rs => revisionOf(rs) === toRevision);
  }
  const sorted = [...withRevision].sort(
    (a, b) => (revisionOf(b) ?? 0) - (revisionOf(a) ?? 0),
  );
  return sorted[1];
}

/** Whether the ReplicaSet's pod template is the one the Rollout runs now. */
export function isRunningTemplate(
  rollout: Rollout,
  replicaSet: ReplicaSet,
): boolean {
  const hash = podTemplateHashOf(replicaSet);
  return hash !== undefined && hash === rollout.status?.currentPodHash;
}

/** Revisions one can roll back to: all but the running one, newest first. */
export function rollbackTargetsOf(
  rollout: Rollout,
  owned: ReplicaSet[],
): number[] {
  return owned
    .filter(rs => !isRunningTemplate(rollout, rs))
    .map(rs => revisionOf(rs))
    .filter((revision): revision is number => revision !== undefined);
}
