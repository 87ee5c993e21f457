import fs from 'node:fs';
import path from 'node:path';
import { Cluster } from './k8s/cluster';
import { TrafficModel } from './traffic/trafficModel';

/**
 * Optional persistence: the whole state as one JSON file, rewritten
 * (debounced) after changes and loaded on start, so a demo survives a
 * restart. Watches cannot resume across a restart: history starts at the
 * saved resourceVersion.
 */

const FORMAT = 'portal-sandbox-snapshot/v1';
const DEBOUNCE_MS = 1000;
const MAX_DELAY_MS = 5000;

export interface SnapshotData {
  format: string;
  savedAt: string;
  clusters: Record<string, ReturnType<Cluster['store']['dump']>>;
  traffic: unknown;
}

export function loadSnapshot(file: string): SnapshotData | undefined {
  if (!fs.existsSync(file)) return undefined;
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (data?.format !== FORMAT) {
    throw new Error(
      `${file} is not a sandbox snapshot (expected format ${FORMAT})`,
    );
  }
  return data;
}

export class SnapshotWriter {
  private timer: NodeJS.Timeout | undefined;
  private firstPending: number | undefined;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(
    private readonly file: string,
    private readonly clusters: Map<string, Cluster>,
    private readonly traffic: TrafficModel,
    private readonly onError: (error: unknown) => void,
  ) {
    for (const cluster of clusters.values()) {
      this.unsubscribers.push(cluster.store.subscribe(() => this.schedule()));
    }
  }

  private schedule(): void {
    const now = Date.now();
    this.firstPending ??= now;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.min(
      DEBOUNCE_MS,
      Math.max(0, this.firstPending + MAX_DELAY_MS - now),
    );
    this.timer = setTimeout(() => this.flush(), delay);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.firstPending = undefined;
    try {
      const data: SnapshotData = {
        format: FORMAT,
        savedAt: new Date().toISOString(),
        clusters: Object.fromEntries(
          [...this.clusters].map(([name, c]) => [name, c.store.dump()]),
        ),
        traffic: this.traffic.dump(),
      };
      fs.mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
      const tmp = `${this.file}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, JSON.stringify(data));
      fs.renameSync(tmp, this.file);
    } catch (e) {
      this.onError(e);
    }
  }

  /** Writes the current state and stops listening. */
  close(): void {
    this.unsubscribers.forEach(u => u());
    // Always written: a change may still be on its way to the subscription.
    this.flush();
  }
}
