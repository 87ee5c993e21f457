import { Rollout } from '../rollouts/kubernetesTypes';
import { imagesOf } from '../rollouts/rolloutState';
import { ClusterWatchCache } from './ClusterWatchCache';

const POD_HASH_LABEL = 'rollouts-pod-template-hash';

/** What the Releases page says of a rollout's two revisions. */
export interface ReleaseRevisions {
  /** The images serving now: the stable revision's, else the template's. */
  images: string[];
  /** The images being rolled out, when they differ from those serving. */
  candidateImages?: string[];
  /** When the revision being rolled out was created. */
  startedAt?: string;
}

/**
 * The stable and the current revision of a Rollout, from the ReplicaSets the
 * watch-fed cache holds (found by the pod-template hash Argo Rollouts records
 * in the Rollout's status), so that an aborted or failing release shows the
 * image still serving rather than the one that failed.
 */
export function releaseRevisions(
  cache: ClusterWatchCache,
  rollout: Rollout,
): ReleaseRevisions {
  const namespace = rollout.metadata.namespace ?? '';
  const replicaSetOf = (hash?: string) =>
    hash
      ? cache.replicaSets
          .select(namespace, [
            { key: POD_HASH_LABEL, operator: 'equals', values: [hash] },
          ])
          .find(rs =>
            rs.metadata.ownerReferences?.some(
              o => o.kind === 'Rollout' && o.name === rollout.metadata.name,
            ),
          )
      : undefined;
  const stable = replicaSetOf(rollout.status?.stableRS);
  const current = replicaSetOf(rollout.status?.currentPodHash);
  const template = imagesOf(rollout.spec?.template);
  const images = stable ? imagesOf(stable.spec?.template) : template;
  const differs =
    template.length !== images.length ||
    template.some(image => !images.includes(image));
  return {
    images,
    candidateImages: differs ? template : undefined,
    startedAt:
      current && current !== stable
        ? current.metadata.creationTimestamp
        : undefined,
  };
}
