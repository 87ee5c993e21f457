import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterRegistry } from './ClusterRegistry';
import {
  ClusterWatchCache,
  RolloutChange,
  WatchCacheTimings,
} from './ClusterWatchCache';

export const DEFAULT_WATCH_CACHE_TIMINGS: WatchCacheTimings = {
  resyncMs: 10 * 60_000,
  watchTimeoutSeconds: 300,
  retryMs: { initial: 500, max: 30_000 },
  listTimeoutMs: 60_000,
  firstSyncTimeoutMs: 10_000,
};

/**
 * The watch-fed cache of every configured cluster: pages read Rollouts from
 * memory, and each cluster sees one watch per resource type however many
 * people look. Actions still read from the cluster before they patch.
 */
export class RolloutInformerCache {
  readonly #caches: Map<string, ClusterWatchCache>;
  readonly #listeners = new Set<(change: RolloutChange) => void>();

  constructor(options: {
    clusters: ClusterRegistry;
    logger: LoggerService;
    timings?: Partial<WatchCacheTimings>;
  }) {
    const timings = { ...DEFAULT_WATCH_CACHE_TIMINGS, ...options.timings };
    this.#caches = new Map(
      options.clusters.all().map(client => [
        client.name,
        new ClusterWatchCache({
          client,
          timings,
          logger: options.logger.child({ cluster: client.name }),
          onChange: change => this.#listeners.forEach(l => l(change)),
        }),
      ]),
    );
  }

  start(): void {
    this.#caches.forEach(cache => cache.start());
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#caches.values()].map(cache => cache.stop()));
  }

  /** The cache of a configured cluster (the registry has already checked the name). */
  cluster(name: string): ClusterWatchCache {
    const cache = this.#caches.get(name);
    if (!cache) {
      throw new Error(`No watch cache for cluster '${name}'`);
    }
    return cache;
  }

  all(): ClusterWatchCache[] {
    return [...this.#caches.values()];
  }

  /** Called for every change to a Rollout, ReplicaSet or AnalysisRun; returns the way to stop. */
  onChange(listener: (change: RolloutChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
