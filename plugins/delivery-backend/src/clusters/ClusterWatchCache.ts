import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesObject } from '@kubernetes/client-node';
import { DELIVERY_ANNOTATIONS } from '@internal/plugin-delivery-common';
import { AnalysisRun, ReplicaSet, Rollout } from '../rollouts/kubernetesTypes';
import { ClusterRequestError } from './ClusterRequestError';
import { KubernetesClusterClient } from './KubernetesClusterClient';
import { parseLabelSelector } from './labelSelector';
import { InformerChange, ResourceInformer } from './ResourceInformer';
import { RolloutObjectSource } from './RolloutObjectSource';

/** The label Argo Rollouts puts on every ReplicaSet it manages. */
const ROLLOUT_POD_HASH_LABEL = 'rollouts-pod-template-hash';
const KUBERNETES_ID_LABEL = DELIVERY_ANNOTATIONS.kubernetesId;

type Named = { name?: string; labels?: Record<string, string> };

export interface WatchCacheTimings {
  resyncMs: number;
  watchTimeoutSeconds: number;
  retryMs: { initial: number; max: number };
  /**
   * The deadline of a whole cluster's list, in the background: longer than
   * that of a request someone waits for, as a large cluster's list takes.
   */
  listTimeoutMs: number;
  /** How long a read waits for the first list before answering with an error. */
  firstSyncTimeoutMs: number;
}

/** How current one cluster's cached state is. */
export interface ClusterCacheHealth {
  synced: boolean;
  /** Changes stopped arriving at this time; what is shown is as of then. */
  staleSince?: Date;
  error?: string;
}

/** A change to a Rollout or to one of its ReplicaSets or AnalysisRuns. */
export interface RolloutChange {
  cluster: string;
  namespace: string;
  /** The Rollout's name, when the object's owner could be told. */
  rollout?: string;
  /** The Rollout's `backstage.io/kubernetes-id` label: which entity changed. */
  kubernetesId?: string;
}

/**
 * One cluster's Rollouts, ReplicaSets and AnalysisRuns, held in memory by one
 * informer per resource type, answering the same reads as the cluster's API.
 */
export class ClusterWatchCache implements RolloutObjectSource {
  readonly name: string;
  readonly rollouts: ResourceInformer<Rollout>;
  readonly replicaSets: ResourceInformer<ReplicaSet>;
  readonly analysisRuns: ResourceInformer<AnalysisRun>;
  readonly #timings: WatchCacheTimings;

  constructor(options: {
    client: KubernetesClusterClient;
    timings: WatchCacheTimings;
    logger: LoggerService;
    onChange(change: RolloutChange): void;
  }) {
    const { client, timings, logger } = options;
    this.name = client.name;
    this.#timings = timings;
    const common = {
      cluster: client.name,
      kubeConfig: client.kubeConfig,
      resyncMs: timings.resyncMs,
      watchTimeoutSeconds: timings.watchTimeoutSeconds,
      retryMs: timings.retryMs,
      logger,
    };
    const forward =
      (rolloutOf: (o: KubernetesObject) => { metadata?: Named } | undefined) =>
      (_change: InformerChange, object: KubernetesObject) => {
        const rollout = rolloutOf(object);
        options.onChange({
          cluster: client.name,
          namespace: object.metadata?.namespace ?? '',
          rollout: rollout?.metadata?.name,
          kubernetesId: rollout?.metadata?.labels?.[KUBERNETES_ID_LABEL],
        });
      };
    const owningRollout = (object: KubernetesObject) => {
      const owner = object.metadata?.ownerReferences?.find(
        ref => ref.kind === 'Rollout',
      );
      return owner
        ? this.rollouts.get(object.metadata?.namespace ?? '', owner.name)
        : undefined;
    };
    this.rollouts = new ResourceInformer<Rollout>({
      ...common,
      resource: 'rollouts',
      path: '/apis/argoproj.io/v1alpha1/rollouts',
      list: () =>
        client.listAll('rollouts', { timeoutMs: timings.listTimeoutMs }),
      onChange: forward(object => object),
    });
    this.replicaSets = new ResourceInformer<ReplicaSet>({
      ...common,
      resource: 'replicasets',
      path: '/apis/apps/v1/replicasets',
      labelSelector: ROLLOUT_POD_HASH_LABEL,
      list: () =>
        client.listAll('replicasets', {
          labelSelector: ROLLOUT_POD_HASH_LABEL,
          timeoutMs: timings.listTimeoutMs,
        }),
      onChange: forward(owningRollout),
    });
    this.analysisRuns = new ResourceInformer<AnalysisRun>({
      ...common,
      resource: 'analysisruns',
      path: '/apis/argoproj.io/v1alpha1/analysisruns',
      list: () =>
        client.listAll('analysisruns', { timeoutMs: timings.listTimeoutMs }),
      onChange: forward(owningRollout),
    });
  }

  #informers() {
    return [this.rollouts, this.replicaSets, this.analysisRuns] as const;
  }

  start(): void {
    this.#informers().forEach(i => i.start());
  }

  async stop(): Promise<void> {
    await Promise.all(this.#informers().map(i => i.stop()));
  }

  health(): ClusterCacheHealth {
    const all = this.#informers().map(i => i.health());
    const stale = all
      .map(h => h.staleSince)
      .filter((d): d is Date => !!d)
      .sort((a, b) => a.getTime() - b.getTime());
    return {
      synced: all.every(h => h.synced),
      staleSince: all.every(h => h.synced) ? stale[0] : undefined,
      error: all.find(h => h.error)?.error,
    };
  }

  /** Objects held, per resource type. */
  sizes(): Record<'rollouts' | 'replicaSets' | 'analysisRuns', number> {
    return {
      rollouts: this.rollouts.size(),
      replicaSets: this.replicaSets.size(),
      analysisRuns: this.analysisRuns.size(),
    };
  }

  /**
   * Waits for the first list of every resource type; a cluster that could
   * not be listed, or not in time, is an error, as a failed list call would be.
   */
  async #ready(): Promise<void> {
    const health = this.health();
    if (health.synced) return;
    if (health.error) {
      // Retries go on in the background; a page view does not wait for them.
      throw new ClusterRequestError({
        cluster: this.name,
        statusCode: 502,
        message: health.error,
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const synced = await Promise.race([
      Promise.all(this.#informers().map(i => i.whenSynced())).then(() => true),
      new Promise<boolean>(resolve => {
        timer = setTimeout(
          () => resolve(false),
          this.#timings.firstSyncTimeoutMs,
        );
      }),
    ]);
    clearTimeout(timer);
    if (!synced) {
      const error = this.health().error;
      throw new ClusterRequestError({
        cluster: this.name,
        statusCode: error ? 502 : 504,
        message:
          error ??
          `Cluster '${this.name}' did not answer within ${
            this.#timings.firstSyncTimeoutMs / 1000
          }s to list rollouts`,
      });
    }
  }

  async listRollouts(options: {
    namespace?: string;
    labelSelector: string;
  }): Promise<Rollout[]> {
    await this.#ready();
    return this.rollouts.select(
      options.namespace,
      parseLabelSelector(options.labelSelector),
    );
  }

  async findRollout(
    namespace: string,
    name: string,
    labelSelector: string,
  ): Promise<Rollout | undefined> {
    const rollouts = await this.listRollouts({ namespace, labelSelector });
    return rollouts.find(r => r.metadata.name === name);
  }

  async listReplicaSets(
    namespace: string,
    labelSelector?: string,
  ): Promise<ReplicaSet[]> {
    await this.#ready();
    return this.replicaSets.select(
      namespace,
      parseLabelSelector(labelSelector ?? ''),
    );
  }

  async listAnalysisRuns(
    namespace: string,
    labelSelector?: string,
  ): Promise<AnalysisRun[]> {
    await this.#ready();
    return this.analysisRuns.select(
      namespace,
      parseLabelSelector(labelSelector ?? ''),
    );
  }
}
