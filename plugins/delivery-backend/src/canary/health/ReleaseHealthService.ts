import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ReleaseHealth,
  ReleaseHealthMetric,
} from '@internal/plugin-delivery-common';
import {
  CanaryMetricDefinition,
  CanaryMetricProvider,
} from '@internal/plugin-delivery-node';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { readEntityRollout } from '../../entities/readEntityRollout';
import {
  podTemplateHashOf,
  ReplicaSet,
  Rollout,
} from '../../rollouts/kubernetesTypes';
import { ownedReplicaSets } from '../../rollouts/revisions';
import { DEFAULT_CANARY_METRICS } from '../defaultCanaryMetrics';
import { entityCanaryMetrics } from '../entityCanaryMetrics';
import { assessReleaseHealth, comparedRevisions } from '../releaseHealth';
import { metricView } from './metricView';

/** Prometheus answers at most 11,000 points per series; stay well below. */
const MAX_POINTS = 1000;

export interface ReleaseHealthTarget {
  entity: { kind: string; namespace: string; name: string };
  cluster: string;
  namespace: string;
  rollout: string;
}

/**
 * The release health of an entity's Rollout, read as the caller may read the
 * entity in the catalog: the Rollout and its ReplicaSets from the cluster,
 * the metrics from the cluster's metric provider, the verdict from the judge.
 */
export class ReleaseHealthService {
  readonly #catalog: CatalogService;
  readonly #clusters: ClusterRegistry;
  readonly #providers: CanaryMetricProvider[];
  readonly #stepSeconds: number;
  readonly #metrics: CanaryMetricDefinition[];

  constructor(options: {
    catalog: CatalogService;
    clusters: ClusterRegistry;
    providers: CanaryMetricProvider[];
    stepSeconds: number;
    metrics?: CanaryMetricDefinition[];
  }) {
    this.#catalog = options.catalog;
    this.#clusters = options.clusters;
    this.#providers = options.providers;
    this.#stepSeconds = options.stepSeconds;
    this.#metrics = options.metrics ?? DEFAULT_CANARY_METRICS;
  }

  async health(
    target: ReleaseHealthTarget,
    credentials: BackstageCredentials,
    now = Date.now(),
  ): Promise<ReleaseHealth> {
    const { entity, rollout, replicaSets } = await readEntityRollout(
      { catalog: this.#catalog, clusters: this.#clusters },
      target,
      credentials,
    );
    return this.judge({
      cluster: target.cluster,
      rollout,
      replicaSets,
      now,
      metrics: entityCanaryMetrics(entity),
    });
  }

  /**
   * The verdict on a Rollout already read: its canary (or preview) against
   * its stable (or active) revision, from the cluster's metrics; the
   * entity's declared metrics when given, else the configured ones.
   */
  async judge(options: {
    cluster: string;
    rollout: Rollout;
    replicaSets: ReplicaSet[];
    now?: number;
    metrics?: CanaryMetricDefinition[];
  }): Promise<ReleaseHealth> {
    const { cluster, rollout, replicaSets } = options;
    const declared = options.metrics ?? this.#metrics;
    const now = options.now ?? Date.now();
    const { strategy, canaryHash, stableHash } = comparedRevisions(rollout);
    const base = {
      cluster,
      namespace: rollout.metadata.namespace ?? 'default',
      rollout: rollout.metadata.name ?? '',
      strategy,
      canaryRevision: canaryHash,
      stableRevision: stableHash,
    };
    const inconclusive = (reason: string): ReleaseHealth => ({
      ...base,
      verdict: 'Inconclusive',
      score: 0,
      reason,
      metrics: [],
    });
    const provider = this.#providers.find(p => p.supportsCluster(cluster));
    if (!provider) {
      return inconclusive(
        `no verdict available: no Prometheus configured for cluster ${cluster}`,
      );
    }
    const canaryReplicaSet = ownedReplicaSets(rollout, replicaSets).find(
      rs => podTemplateHashOf(rs) === canaryHash,
    );
    const created = Date.parse(
      canaryReplicaSet?.metadata.creationTimestamp ?? '',
    );
    // The revision's ReplicaSet is created when the release starts: its
    // traffic cannot be older than that.
    const since = Number.isFinite(created) ? Math.min(created, now) : now;
    const stepSeconds = Math.max(
      this.#stepSeconds,
      Math.ceil((now - since) / 1000 / MAX_POINTS),
    );
    let assessed;
    try {
      assessed = await assessReleaseHealth(provider, {
        cluster,
        rollout,
        since,
        now,
        stepSeconds,
        metrics: declared,
      });
    } catch (error) {
      // An unreachable Prometheus or a query it rejects decides nothing.
      return inconclusive(
        `no verdict available: the metrics of cluster ${cluster} could not be read: ${
          (error as Error).message
        }`,
      );
    }
    const { judgement, observations, window } = assessed;
    const observed = new Map(observations.map(o => [o.name, o]));
    const definitions = new Map(declared.map(m => [m.name, m]));
    const metrics: ReleaseHealthMetric[] = judgement.metrics.map(judged =>
      metricView(
        judged,
        definitions.get(judged.name)!,
        observed.get(judged.name),
      ),
    );
    return {
      ...base,
      window: window && {
        start: new Date(window.start).toISOString(),
        end: new Date(window.end).toISOString(),
        stepSeconds: window.stepSeconds,
      },
      verdict: judgement.verdict,
      score: judgement.score,
      reason: judgement.reason,
      metrics,
    };
  }
}
