import { ServerResponse } from 'node:http';
import { Cluster } from '../k8s/cluster';
import { badRequest, expired } from '../k8s/errors';
import { FieldRequirement, matchesFields } from '../k8s/fields';
import { Requirement, matchesRequirements } from '../k8s/labels';
import { ResourceType, apiVersionOf, resourceKey } from '../k8s/resources';
import { KubeObject, StoreEvent } from '../k8s/types';
import { IncludeObject, toTable } from './table';

export interface WatchRequest {
  rt: ResourceType;
  namespace?: string;
  labelSelector: Requirement[];
  fieldSelector: FieldRequirement[];
  resourceVersion?: string;
  sendInitialEvents?: boolean;
  allowWatchBookmarks: boolean;
  timeoutSeconds?: number;
  /** Set when the client asked for Table output (kubectl get -w). */
  table?: { include: IncludeObject };
  /** Items without kind/apiVersion in lists (built-in kinds) still carry them in watch events. */
}

interface WireEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/**
 * Serves `?watch=true` as newline-delimited JSON, like the API server's watch
 * cache: replay from a resourceVersion (or synthetic ADDED events for the
 * current state), 410 Expired as an ERROR event when the version is older
 * than the retained history, selector-aware transitions (an object that
 * stops matching is reported DELETED), and periodic BOOKMARKs on request.
 */
export class WatchHub {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly cluster: Cluster,
    private readonly options: { bookmarkIntervalMs: number; now: () => number },
  ) {}

  get openWatches(): number {
    return this.open.size;
  }

  serve(res: ServerResponse, request: WatchRequest): void {
    const { rt, namespace } = request;
    const key = resourceKey(rt);
    const store = this.cluster.store;
    const matches = (o: KubeObject) =>
      (namespace === undefined ||
        !rt.namespaced ||
        o.metadata.namespace === namespace) &&
      matchesRequirements(request.labelSelector, o.metadata.labels) &&
      matchesFields(request.fieldSelector, o);

    const translate = (event: StoreEvent): WireEvent | undefined => {
      if (event.resource !== key) return undefined;
      const current = matches(event.object);
      if (event.type !== 'MODIFIED') {
        return current ? { type: event.type, object: event.object } : undefined;
      }
      const before = event.previous ? matches(event.previous) : false;
      if (current && before) return { type: 'MODIFIED', object: event.object };
      if (current) return { type: 'ADDED', object: event.object };
      if (before) return { type: 'DELETED', object: event.object };
      return undefined;
    };

    let first = true;
    const write = (event: WireEvent) => {
      let object = event.object;
      if (
        request.table &&
        (event.type === 'ADDED' ||
          event.type === 'MODIFIED' ||
          event.type === 'DELETED')
      ) {
        object = toTable(rt, [event.object as KubeObject], {
          include: request.table.include,
          noHeaders: !first,
          now: this.options.now(),
        });
        first = false;
      }
      res.write(`${JSON.stringify({ type: event.type, object })}\n`);
    };

    const rvParam = request.resourceVersion;
    let replay: WireEvent[];
    let initialEventsEnd = false;
    if (!rvParam || rvParam === '0' || request.sendInitialEvents) {
      replay = this.cluster
        .peekList(rt, rt.namespaced ? namespace : undefined)
        .filter(matches)
        .map(o => ({ type: 'ADDED' as const, object: o }));
      initialEventsEnd =
        !!request.sendInitialEvents && request.allowWatchBookmarks;
    } else {
      const rv = Number(rvParam);
      if (!Number.isInteger(rv) || rv < 0) {
        throw badRequest(`Invalid value for resourceVersion: "${rvParam}"`);
      }
      const changes = store.changesSince(rv);
      if (!changes) {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Cache-Control': 'no-cache, private',
        });
        const status = expired(
          `too old resource version: ${rv} (${store.oldestResumableVersion})`,
        ).toStatus();
        res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
        return;
      }
      replay = changes.map(translate).filter((e): e is WireEvent => !!e);
    }

    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    this.open.add(res);

    const bookmark = (annotations?: Record<string, string>) => ({
      type: 'BOOKMARK' as const,
      object: {
        kind: rt.kind,
        apiVersion: apiVersionOf(rt),
        metadata: {
          resourceVersion: String(store.resourceVersion),
          annotations,
        },
      },
    });

    for (const event of replay) {
      write(event);
    }
    if (initialEventsEnd) {
      write(bookmark({ 'k8s.io/initial-events-end': 'true' }));
    }

    const unsubscribe = store.subscribe(event => {
      const wire = translate(event);
      if (wire) write(wire);
    });
    const timers: NodeJS.Timeout[] = [];
    if (request.allowWatchBookmarks) {
      const interval = setInterval(
        () => write(bookmark()),
        this.options.bookmarkIntervalMs,
      );
      interval.unref();
      timers.push(interval);
    }
    const finish = () => {
      unsubscribe();
      timers.forEach(t => clearInterval(t));
      this.open.delete(res);
      if (!res.writableEnded) res.end();
    };
    if (request.timeoutSeconds !== undefined && request.timeoutSeconds >= 0) {
      const timeout = setTimeout(finish, request.timeoutSeconds * 1000);
      timeout.unref();
      timers.push(timeout);
    }
    res.on('close', finish);
  }

  closeAll(): void {
    for (const res of [...this.open]) {
      res.end();
      res.destroy();
    }
    this.open.clear();
  }
}
