import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ReplicaSet, Rollout } from '../rollouts/kubernetesTypes';
import { RolloutReader } from '../rollouts/RolloutReader';
import { entityRolloutQuery } from './entityRolloutQuery';
import { fetchEntity } from './fetchEntity';

/** A Rollout named through the entity it belongs to. */
export interface EntityRolloutTarget {
  entity: CompoundEntityRef;
  cluster: string;
  namespace: string;
  rollout: string;
}

/**
 * The entity (as the caller may see it), its named Rollout and that
 * Rollout's ReplicaSets — or 404 when the entity is not visible or the
 * Rollout is not one of the entity's in that cluster.
 */
export async function readEntityRollout(
  options: { catalog: CatalogService; clusters: ClusterRegistry },
  target: EntityRolloutTarget,
  credentials: BackstageCredentials,
): Promise<{ entity: Entity; rollout: Rollout; replicaSets: ReplicaSet[] }> {
  const entity = await fetchEntity(options.catalog, target.entity, credentials);
  const query = entityRolloutQuery(entity);
  const reader = new RolloutReader(options.clusters.get(target.cluster));
  const rollout = await reader.findEntityRollout(
    query,
    target.namespace,
    target.rollout,
  );
  if (!rollout || (query.cluster && query.cluster !== target.cluster)) {
    throw new NotFoundError(
      `No rollout ${target.namespace}/${
        target.rollout
      } of entity ${stringifyEntityRef(entity)} in cluster '${target.cluster}'`,
    );
  }
  const { replicaSets } = await reader.withDependents(rollout);
  return { entity, rollout, replicaSets };
}
