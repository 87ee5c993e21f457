import { Cluster } from '../k8s/cluster';
import { ApiError } from '../k8s/errors';
import { EVENTS } from '../k8s/resources';
import { KubeObject, formatTime } from '../k8s/types';

/** Events kept per cluster before the oldest are deleted (the API server uses a 1h TTL). */
const MAX_EVENTS = 3000;

let sequence = 0;

/**
 * Writes core/v1 Events the way client-go's recorder does, including the
 * correlator's aggregation of repeated events into `count`.
 */
export class EventRecorder {
  private readonly recent = new Map<string, string>();
  /** Events this recorder created, oldest first. */
  private readonly created: Array<[string, string]> = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly now: () => number,
  ) {}

  record(
    object: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component = 'rollouts-controller',
  ): void {
    const namespace = object.metadata.namespace ?? 'default';
    const key = `${object.metadata.uid}|${type}|${reason}|${message}`;
    const timestamp = formatTime(this.now());
    const existingName = this.recent.get(key);
    const existing = existingName
      ? this.cluster.tryGet(EVENTS, namespace, existingName)
      : undefined;
    try {
      if (existing) {
        existing.count = (existing.count ?? 1) + 1;
        existing.lastTimestamp = timestamp;
        this.cluster.update(
          EVENTS,
          namespace,
          existing.metadata.name!,
          existing,
        );
        return;
      }
      // Like client-go: `<object>.<unix nanoseconds in hex>`, unique per event.
      const name = `${object.metadata.name}.${(
        BigInt(this.now()) * 1000000n +
        BigInt(sequence++ % 1000000)
      ).toString(16)}`;
      this.cluster.create(EVENTS, namespace, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: object.metadata.name,
          namespace: object.metadata.namespace,
          uid: object.metadata.uid,
          resourceVersion: object.metadata.resourceVersion,
        },
        reason,
        message,
        type,
        source: { component },
        firstTimestamp: timestamp,
        lastTimestamp: timestamp,
        count: 1,
        reportingComponent: component,
        reportingInstance: '',
      });
      this.recent.set(key, name);
      this.created.push([namespace, name]);
      if (this.recent.size > MAX_EVENTS) {
        this.recent.delete(this.recent.keys().next().value as string);
      }
      this.prune();
    } catch (e) {
      // Events are best effort (e.g. the namespace is being deleted).
      if (!(e instanceof ApiError)) throw e;
    }
  }

  /** Deletes the oldest recorded events once the cluster holds too many (FIFO, no sorting). */
  private prune(): void {
    if (this.cluster.store.count('events') <= MAX_EVENTS) return;
    const victims = this.created.splice(0, Math.ceil(MAX_EVENTS * 0.1));
    for (const [namespace, name] of victims) {
      const event = this.cluster.peek(EVENTS, namespace, name);
      if (event) this.cluster.removeNow(EVENTS, event);
    }
  }
}
