import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KubeConfig,
  KubernetesListObject,
  KubernetesObject,
  ListWatch,
} from '@kubernetes/client-node';
import { ClusterRequestError } from './ClusterRequestError';
import { LabelRequirement, matchesLabels } from './labelSelector';
import { ResourceWatch } from './ResourceWatch';

/** How fresh one informer's store is, for the people reading from it. */
export interface InformerHealth {
  /** The first list succeeded: the store holds the cluster's objects. */
  synced: boolean;
  /** A watch is open: changes arrive as they happen. */
  live: boolean;
  /** Since when changes no longer arrive (the watch broke and is being re-established). */
  staleSince?: Date;
  /** Why the informer is not live. */
  error?: string;
}

export type InformerChange = 'add' | 'update' | 'delete';

export interface ResourceInformerOptions {
  cluster: string;
  /** e.g. `rollouts`, for messages. */
  resource: string;
  kubeConfig: KubeConfig;
  /** The collection's path across all namespaces, e.g. `/apis/apps/v1/replicasets`. */
  path: string;
  list: () => Promise<KubernetesListObject<KubernetesObject>>;
  /** Server-side selector for the list and the watch. */
  labelSelector?: string;
  /** A full relist this often, to repair anything a watch could have missed. */
  resyncMs: number;
  /** How long the server keeps one watch open before the informer resumes it. */
  watchTimeoutSeconds: number;
  /** Back-off between reconnection attempts, doubling from the first to the last. */
  retryMs: { initial: number; max: number };
  logger: LoggerService;
  onChange(change: InformerChange, object: KubernetesObject): void;
}

const keyOf = (o: KubernetesObject) =>
  `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/**
 * One resource type of one cluster, held in memory: `ListWatch` from
 * `@kubernetes/client-node` lists once and then watches, resuming from the
 * last resourceVersion and listing again after 410 Gone. This class adds what
 * it leaves to its user: reconnecting with back-off after a failure (it stops
 * at the first one), a periodic resync, the health people see, and an index
 * by label so that reads do not scan every object of the cluster.
 */
export class ResourceInformer<T> {
  readonly #options: ResourceInformerOptions;
  readonly #watch: ResourceWatch;
  readonly #informer: ListWatch<KubernetesObject>;
  /** `key=value` → `namespace/name` of the objects carrying that label. */
  readonly #byLabel = new Map<string, Set<string>>();
  readonly #labelsOf = new Map<string, string[]>();
  #synced = false;
  #live = false;
  #staleSince?: Date;
  #error?: string;
  #stopped = true;
  #retryDelay: number;
  #retryTimer?: NodeJS.Timeout;
  #resyncTimer?: NodeJS.Timeout;
  #firstSync: Promise<void>;
  #resolveFirstSync!: () => void;

  constructor(options: ResourceInformerOptions) {
    this.#options = options;
    this.#retryDelay = options.retryMs.initial;
    this.#firstSync = new Promise(resolve => {
      this.#resolveFirstSync = resolve;
    });
    this.#watch = new ResourceWatch(options.kubeConfig, {
      timeoutSeconds: options.watchTimeoutSeconds,
      events: {
        onConnected: () => this.#onConnected(),
        onActivity: () => {},
      },
    });
    this.#informer = new ListWatch<KubernetesObject>(
      options.path,
      this.#watch,
      async () => {
        const list = await options.list();
        for (const item of list.items) {
          delete item.metadata?.managedFields;
        }
        return list;
      },
      false,
      options.labelSelector,
    );
    this.#informer.on('add', o => this.#changed('add', o));
    this.#informer.on('update', o => this.#changed('update', o));
    this.#informer.on('delete', o => this.#changed('delete', o));
    this.#informer.on('error', error => this.#failed(error));
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
    this.#resyncTimer = setInterval(() => {
      if (this.#watch.relist()) {
        this.#options.logger.debug(
          `Resyncing ${this.#options.resource} of cluster '${
            this.#options.cluster
          }'`,
        );
      }
    }, this.#options.resyncMs);
    this.#resyncTimer.unref?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#resyncTimer);
    this.#live = false;
    await this.#informer.stop();
  }

  /** Resolves once the first list is in memory (or never, while the cluster cannot be listed). */
  whenSynced(): Promise<void> {
    return this.#firstSync;
  }

  health(): InformerHealth {
    return {
      synced: this.#synced,
      live: this.#live,
      staleSince: this.#staleSince,
      error: this.#error,
    };
  }

  get(namespace: string, name: string): T | undefined {
    const object = this.#informer.get(name, namespace);
    return object && this.#typed(object);
  }

  /** The objects a list call with these selectors would return. */
  select(namespace: string | undefined, selector: LabelRequirement[]): T[] {
    const equality = selector.filter(r => r.operator === 'equals');
    let candidates: KubernetesObject[];
    if (equality.length > 0) {
      const sets = equality.map(
        r => this.#byLabel.get(`${r.key}=${r.values[0]}`) ?? new Set<string>(),
      );
      const smallest = sets.reduce((a, b) => (a.size <= b.size ? a : b));
      candidates = [...smallest]
        .map(key => {
          const slash = key.indexOf('/');
          return this.#informer.get(key.slice(slash + 1), key.slice(0, slash));
        })
        .filter((o): o is KubernetesObject => !!o);
    } else {
      candidates = [...this.#informer.list(namespace)];
    }
    return candidates
      .filter(
        o =>
          (!namespace || o.metadata?.namespace === namespace) &&
          matchesLabels(selector, o.metadata?.labels),
      )
      .map(o => this.#typed(o));
  }

  /**
   * The delivery backend reads cluster objects through its own partial
   * types (rollouts/kubernetesTypes.ts), as its list calls do.
   */
  #typed(object: KubernetesObject): T {
    return object as unknown as T;
  }

  /** How many objects the store holds. */
  size(): number {
    return this.#informer.list().length;
  }

  #connect() {
    this.#informer.start().catch(error => this.#failed(error));
  }

  #onConnected() {
    this.#live = true;
    this.#staleSince = undefined;
    this.#error = undefined;
    this.#retryDelay = this.#options.retryMs.initial;
    if (!this.#synced) {
      this.#synced = true;
      this.#resolveFirstSync();
    }
  }

  #failed(error: unknown) {
    if (this.#stopped) return;
    const { cluster, resource, retryMs, logger } = this.#options;
    const message = (error as Error)?.message || String(error);
    if (this.#live || !this.#error) {
      logger.warn(
        `Watch of ${resource} in cluster '${cluster}' failed (${message}); retrying`,
      );
    }
    this.#live = false;
    this.#staleSince ??= new Date();
    this.#error =
      error instanceof ClusterRequestError
        ? message
        : `Cluster '${cluster}' could not be watched for ${resource}: ${message}`;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      if (!this.#stopped) this.#connect();
    }, this.#retryDelay);
    this.#retryTimer.unref?.();
    this.#retryDelay = Math.min(this.#retryDelay * 2, retryMs.max);
  }

  #changed(change: InformerChange, object: KubernetesObject) {
    this.#index(change, object);
    this.#options.onChange(change, object);
  }

  #index(change: InformerChange, object: KubernetesObject) {
    const key = keyOf(object);
    for (const label of this.#labelsOf.get(key) ?? []) {
      const set = this.#byLabel.get(label);
      set?.delete(key);
      if (set?.size === 0) this.#byLabel.delete(label);
    }
    this.#labelsOf.delete(key);
    if (change === 'delete') return;
    const labels = Object.entries(object.metadata?.labels ?? {}).map(
      ([k, v]) => `${k}=${v}`,
    );
    this.#labelsOf.set(key, labels);
    for (const label of labels) {
      let set = this.#byLabel.get(label);
      if (!set) {
        set = new Set();
        this.#byLabel.set(label, set);
      }
      set.add(key);
    }
  }
}
