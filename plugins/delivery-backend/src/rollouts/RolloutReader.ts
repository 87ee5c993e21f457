import { RolloutSummary } from '@internal/plugin-delivery-common';
import { RolloutObjectSource } from '../clusters/RolloutObjectSource';
import { EntityRolloutQuery } from '../entities/entityRolloutQuery';
import { AnalysisRun, ReplicaSet, Rollout } from './kubernetesTypes';
import { summarizeRollout } from './summarizeRollout';

/** A Rollout with the ReplicaSets and AnalysisRuns that belong to it. */
export interface RolloutObjects {
  rollout: Rollout;
  replicaSets: ReplicaSet[];
  analysisRuns: AnalysisRun[];
}

/**
 * The label selector of a Rollout's pods. Argo copies these labels onto the
 * Rollout's ReplicaSets and AnalysisRuns, so one selector finds both (as
 * `kubectl argo rollouts undo` does for ReplicaSets).
 */
function podSelectorOf(rollout: Rollout): string | undefined {
  const labels = rollout.spec?.selector?.matchLabels ?? {};
  const terms = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  return terms.length > 0 ? terms.join(',') : undefined;
}

/**
 * Reads Rollouts, and what belongs to them, from one cluster: from its API
 * when about to act, from the watch-fed cache for display.
 */
export class RolloutReader {
  readonly #client: RolloutObjectSource;

  constructor(client: RolloutObjectSource) {
    this.#client = client;
  }

  get cluster(): string {
    return this.#client.name;
  }

  /** The ReplicaSets and AnalysisRuns of a Rollout just read. */
  async withDependents(rollout: Rollout): Promise<RolloutObjects> {
    const namespace = rollout.metadata.namespace ?? 'default';
    const selector = podSelectorOf(rollout);
    const [replicaSets, analysisRuns] = await Promise.all([
      this.#client.listReplicaSets(namespace, selector),
      this.#client.listAnalysisRuns(namespace, selector),
    ]);
    return { rollout, replicaSets, analysisRuns };
  }

  async readEntityRollouts(
    query: EntityRolloutQuery,
  ): Promise<RolloutSummary[]> {
    const objects = await this.readEntityRolloutObjects(query);
    return objects.map(o =>
      summarizeRollout(this.cluster, o.rollout, o.replicaSets, o.analysisRuns),
    );
  }

  /** The entity's Rollouts with their dependents, by namespace and name. */
  async readEntityRolloutObjects(
    query: EntityRolloutQuery,
  ): Promise<RolloutObjects[]> {
    const rollouts = await this.#client.listRollouts({
      namespace: query.namespace,
      labelSelector: query.labelSelector,
    });
    const objects = await Promise.all(
      rollouts.map(rollout => this.withDependents(rollout)),
    );
    return objects.sort(
      (a, b) =>
        (a.rollout.metadata.namespace ?? '').localeCompare(
          b.rollout.metadata.namespace ?? '',
        ) ||
        (a.rollout.metadata.name ?? '').localeCompare(
          b.rollout.metadata.name ?? '',
        ),
    );
  }

  /** The named Rollout, if it is one of the entity's. */
  async findEntityRollout(
    query: EntityRolloutQuery,
    namespace: string,
    name: string,
  ): Promise<Rollout | undefined> {
    if (query.namespace && query.namespace !== namespace) {
      return undefined;
    }
    return this.#client.findRollout(namespace, name, query.labelSelector);
  }
}
