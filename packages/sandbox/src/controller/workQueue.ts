import { Clock } from '../util/clock';

export type Reconciler = (namespace: string, name: string) => void;

/** Limits how long one macrotask may spend reconciling before yielding to I/O. */
const BUDGET_MS = 5;

/**
 * A deduplicating work queue like client-go's: keys added while pending are
 * merged, delayed keys use timers, and failures are retried with backoff.
 * Reconcilers are synchronous (the store is in memory), so one drain runs
 * them back to back and then yields to the event loop.
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly delayed = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private scheduled = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];
  processed = 0;

  constructor(
    private readonly reconcilers: Record<string, Reconciler>,
    private readonly clock: Clock,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  add(kind: string, namespace: string, name: string): void {
    if (this.stopped) return;
    this.pending.add(`${kind}|${namespace}|${name}`);
    this.schedule();
  }

  /** Adds the key after `ms` (real) milliseconds; an earlier pending timer wins. */
  addAfter(kind: string, namespace: string, name: string, ms: number): void {
    if (ms <= 0) {
      this.add(kind, namespace, name);
      return;
    }
    const key = `${kind}|${namespace}|${name}`;
    const due = this.clock.now() + ms;
    const existing = this.delayed.get(key);
    if (
      existing !== undefined &&
      existing <= due &&
      existing >= this.clock.now()
    ) {
      return;
    }
    this.delayed.set(key, due);
    this.clock.setTimer(() => {
      if (this.delayed.get(key) === due) {
        this.delayed.delete(key);
      }
      this.add(kind, namespace, name);
    }, ms);
  }

  get idle(): boolean {
    return this.pending.size === 0 && !this.scheduled;
  }

  /** Resolves when nothing is pending (delayed keys do not count). */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
    this.delayed.clear();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private schedule(): void {
    if (!this.scheduled && !this.stopped) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    const start = Date.now();
    while (
      this.pending.size &&
      !this.stopped &&
      Date.now() - start < BUDGET_MS
    ) {
      const key = this.pending.values().next().value as string;
      this.pending.delete(key);
      const [kind, namespace, name] = key.split('|');
      try {
        this.reconcilers[kind]?.(namespace, name);
        this.failures.delete(key);
      } catch (error) {
        const attempt = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, attempt);
        this.onError(key, error);
        this.addAfter(kind, namespace, name, Math.min(5000, 10 * 2 ** attempt));
      }
      this.processed++;
    }
    if (this.pending.size) {
      this.schedule();
    } else {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
