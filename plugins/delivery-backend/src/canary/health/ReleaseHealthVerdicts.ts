import { Entity } from '@backstage/catalog-model';
import {
  CanaryRevision,
  CanaryVerdictFinding,
  CanaryVerdictSource,
} from '../../gate/CanaryVerdictSource';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import {
  podTemplateHashOf,
  revisionOf,
  Rollout,
} from '../../rollouts/kubernetesTypes';
import { ownedReplicaSets } from '../../rollouts/revisions';
import { RolloutReader } from '../../rollouts/RolloutReader';
import { entityCanaryMetrics } from '../entityCanaryMetrics';
import { ReleaseHealthService } from './ReleaseHealthService';

/**
 * The gate's canary verdicts, from release health. A revision in flight is
 * judged as the Delivery tab judges it. A revision that has completed is
 * judged against the revision before it: the judge pairs only the steps
 * where both sides served traffic, so that is its canary phase, before the
 * previous revision was scaled down. No verdict (no Prometheus, no such
 * revision, no previous revision) is `undefined`: the gate says so. The
 * entity's declared canary metrics are the ones judged, as on the Delivery
 * tab; a declaration that does not hold judges nothing.
 */
export class ReleaseHealthVerdicts implements CanaryVerdictSource {
  readonly #clusters: ClusterRegistry;
  readonly #health: ReleaseHealthService;

  constructor(options: {
    clusters: ClusterRegistry;
    health: ReleaseHealthService;
  }) {
    this.#clusters = options.clusters;
    this.#health = options.health;
  }

  async verdictFor(
    revision: CanaryRevision,
    entity: Entity,
  ): Promise<CanaryVerdictFinding | undefined> {
    if (!this.#clusters.has(revision.cluster)) return undefined;
    let metrics;
    try {
      metrics = entityCanaryMetrics(entity);
    } catch (error) {
      return {
        verdict: 'Inconclusive',
        summary: `no verdict available: ${(error as Error).message}`,
      };
    }
    const client = this.#clusters.get(revision.cluster);
    // By name alone: the gate has already matched the Rollout to its entity.
    const rollout = await client.findRollout(
      revision.namespace,
      revision.rollout,
      '',
    );
    if (!rollout) return undefined;
    const { replicaSets } = await new RolloutReader(client).withDependents(
      rollout,
    );
    const owned = ownedReplicaSets(rollout, replicaSets);
    const judged = owned.find(
      rs => podTemplateHashOf(rs) === revision.podTemplateHash,
    );
    const judgedRevision = judged && revisionOf(judged);
    if (judgedRevision === undefined) return undefined;
    const previous = owned
      .filter(rs => (revisionOf(rs) ?? Infinity) < judgedRevision)
      .sort((a, b) => revisionOf(b)! - revisionOf(a)!)[0];
    const baselineHash = previous && podTemplateHashOf(previous);
    if (!baselineHash) return undefined;
    const health = await this.#health.judge({
      cluster: revision.cluster,
      rollout: comparing(rollout, revision.podTemplateHash, baselineHash),
      replicaSets,
      metrics,
    });
    if (health.metrics.length === 0) return undefined;
    return {
      verdict: health.verdict,
      summary: `${health.reason} (score ${Math.round(health.score)})`,
      link: health.metrics.find(m => m.link)?.link,
    };
  }
}

/** The Rollout as if `canary` were the new revision and `baseline` the stable one. */
function comparing(rollout: Rollout, canary: string, baseline: string) {
  const status = rollout.status ?? {};
  return {
    ...rollout,
    status: {
      ...status,
      currentPodHash: canary,
      stableRS: baseline,
      blueGreen: status.blueGreen && {
        ...status.blueGreen,
        activeSelector: baseline,
      },
    },
  } as Rollout;
}
