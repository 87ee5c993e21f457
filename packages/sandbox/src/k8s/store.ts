import { KubeObject, StoreEvent } from './types';

/**
 * In-memory storage of one cluster: objects by resource/namespace/name, a
 * cluster-wide resourceVersion counter (like etcd's revision) and a bounded
 * history of changes from which watches resume.
 *
 * Stored objects are treated as immutable: every write stores a fresh object
 * and readers must clone before mutating.
 */
export class ObjectStore {
  private rv = 0;
  private readonly data = new Map<
    string,
    Map<string, Map<string, KubeObject>>
  >();
  private history: StoreEvent[] = [];
  /** Highest resourceVersion that fell out of the history window. */
  private compactedRv = 0;
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  /** Sorted names per resource/namespace; dropped when a name is added or removed. */
  private readonly sortedNames = new Map<string, string[]>();

  constructor(private readonly historyLimit = 20000) {}

  get resourceVersion(): number {
    return this.rv;
  }

  /** Oldest resourceVersion a watch can resume from. */
  get oldestResumableVersion(): number {
    return this.compactedRv;
  }

  get(
    resource: string,
    namespace: string,
    name: string,
  ): KubeObject | undefined {
    return this.data.get(resource)?.get(namespace)?.get(name);
  }

  /** Objects of a resource, in one namespace or all, sorted by namespace/name. */
  list(resource: string, namespace?: string): KubeObject[] {
    const byNs = this.data.get(resource);
    if (!byNs) {
      return [];
    }
    const out: KubeObject[] = [];
    const namespaces =
      namespace !== undefined ? [namespace] : [...byNs.keys()].sort();
    for (const ns of namespaces) {
      const objects = byNs.get(ns);
      if (objects) {
        const cacheKey = `${resource}|${ns}`;
        let names = this.sortedNames.get(cacheKey);
        if (!names) {
          names = [...objects.keys()].sort();
          this.sortedNames.set(cacheKey, names);
        }
        for (const name of names) {
          out.push(objects.get(name)!);
        }
      }
    }
    return out;
  }

  count(resource: string): number {
    let n = 0;
    for (const objects of this.data.get(resource)?.values() ?? []) {
      n += objects.size;
    }
    return n;
  }

  /** Stores an object (assigning its resourceVersion) and records the change. */
  put(
    resource: string,
    object: KubeObject,
    type: 'ADDED' | 'MODIFIED',
  ): KubeObject {
    const rv = ++this.rv;
    object.metadata.resourceVersion = String(rv);
    const ns = object.metadata.namespace ?? '';
    let byNs = this.data.get(resource);
    if (!byNs) {
      byNs = new Map();
      this.data.set(resource, byNs);
    }
    let objects = byNs.get(ns);
    if (!objects) {
      objects = new Map();
      byNs.set(ns, objects);
    }
    const previous = objects.get(object.metadata.name!);
    if (!previous) this.sortedNames.delete(`${resource}|${ns}`);
    objects.set(object.metadata.name!, object);
    this.record({ type, resource, object, previous, resourceVersion: rv });
    return object;
  }

  /** Removes an object; the DELETED event carries a new resourceVersion. */
  remove(
    resource: string,
    namespace: string,
    name: string,
  ): KubeObject | undefined {
    const objects = this.data.get(resource)?.get(namespace);
    const existing = objects?.get(name);
    if (!objects || !existing) {
      return undefined;
    }
    objects.delete(name);
    this.sortedNames.delete(`${resource}|${namespace}`);
    const rv = ++this.rv;
    const deleted: KubeObject = {
      ...existing,
      metadata: { ...existing.metadata, resourceVersion: String(rv) },
    };
    this.record({
      type: 'DELETED',
      resource,
      object: deleted,
      resourceVersion: rv,
    });
    return deleted;
  }

  /**
   * Changes after `resourceVersion`, or undefined when that version is older
   * than the retained history (the caller answers 410 Expired).
   */
  changesSince(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.compactedRv) {
      return undefined;
    }
    // Binary search for the first event newer than resourceVersion.
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].resourceVersion <= resourceVersion) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return this.history.slice(lo);
  }

  /** Drops history so that only changes after `resourceVersion` remain. */
  compact(resourceVersion = this.rv): void {
    this.history = this.history.filter(
      e => e.resourceVersion > resourceVersion,
    );
    this.compactedRv = Math.max(this.compactedRv, resourceVersion);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** All objects as plain data, for snapshots. */
  dump(): { resourceVersion: number; objects: Record<string, KubeObject[]> } {
    const objects: Record<string, KubeObject[]> = {};
    for (const resource of this.data.keys()) {
      objects[resource] = this.list(resource);
    }
    return { resourceVersion: this.rv, objects };
  }

  /** Replaces the content from a dump. History restarts at the dump's version. */
  load(dump: {
    resourceVersion: number;
    objects: Record<string, KubeObject[]>;
  }): void {
    this.data.clear();
    this.history = [];
    for (const [resource, objects] of Object.entries(dump.objects)) {
      for (const object of objects) {
        const ns = object.metadata.namespace ?? '';
        let byNs = this.data.get(resource);
        if (!byNs) {
          byNs = new Map();
          this.data.set(resource, byNs);
        }
        let inNs = byNs.get(ns);
        if (!inNs) {
          inNs = new Map();
          byNs.set(ns, inNs);
        }
        inNs.set(object.metadata.name!, object);
      }
    }
    this.rv = dump.resourceVersion;
    this.compactedRv = dump.resourceVersion;
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit * 1.25) {
      const drop = this.history.length - this.historyLimit;
      this.compactedRv = this.history[drop - 1].resourceVersion;
      this.history = this.history.slice(drop);
    }
    for (const listener of this.listeners) {
      listener(event);
    }
  }
}
