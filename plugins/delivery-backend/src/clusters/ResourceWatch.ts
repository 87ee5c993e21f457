import { KubeConfig, Watch } from '@kubernetes/client-node';

type WatchCallback = (phase: string, apiObj: any, watchObj?: any) => void;
type DoneCallback = (err: any) => void;

/** What one watch connection reports to the informer that owns it. */
export interface ResourceWatchEvents {
  /** The API server accepted the watch (HTTP 200): the cache is live again. */
  onConnected(): void;
  /** Any line on the stream, bookmarks included: the connection is alive. */
  onActivity(): void;
}

/**
 * `@kubernetes/client-node`'s `Watch` with what its `ListWatch` leaves out:
 *
 * - it asks for bookmarks and for the server to end the watch after a while
 *   (`timeoutSeconds`), as client-go's reflector does, so a resumed watch
 *   starts from a recent resourceVersion and a half-open connection cannot
 *   leave the cache silently behind: the watchdog aborts a watch that has
 *   been quiet for longer than the server promised to keep it;
 * - `relist()` ends the current watch so that `ListWatch` lists again and
 *   reconciles its store (deletes included). `ListWatch` relists only after
 *   410 Gone, so a resync reports exactly that to it.
 */
export class ResourceWatch extends Watch {
  readonly #events: ResourceWatchEvents;
  readonly #timeoutSeconds: number;
  #current?: { controller: AbortController; relist: boolean };

  constructor(
    kubeConfig: KubeConfig,
    options: { timeoutSeconds: number; events: ResourceWatchEvents },
  ) {
    super(kubeConfig);
    this.#events = options.events;
    this.#timeoutSeconds = options.timeoutSeconds;
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: WatchCallback,
    done: DoneCallback,
  ): Promise<AbortController> {
    const state = { controller: new AbortController(), relist: false };
    let finished = false;
    let watchdog: NodeJS.Timeout | undefined;
    const quietLimitMs = (this.#timeoutSeconds + 30) * 1000;
    const armWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => state.controller.abort(), quietLimitMs);
      watchdog.unref?.();
    };
    const finish = (err: any) => {
      if (finished) return;
      finished = true;
      clearTimeout(watchdog);
      if (this.#current === state) this.#current = undefined;
      done(
        state.relist
          ? Object.assign(new Error('resync: list again'), { statusCode: 410 })
          : err,
      );
    };
    const controller = await super.watch(
      path,
      {
        ...queryParams,
        allowWatchBookmarks: true,
        timeoutSeconds: this.#timeoutSeconds,
      },
      (phase, apiObj, watchObj) => {
        armWatchdog();
        this.#events.onActivity();
        if (apiObj?.metadata?.managedFields) {
          // Nobody reads them, and they are often the largest part of an object.
          delete apiObj.metadata.managedFields;
        }
        callback(phase, apiObj, watchObj);
      },
      finish,
    );
    state.controller = controller;
    if (!finished) {
      this.#current = state;
      armWatchdog();
      this.#events.onConnected();
    }
    return controller;
  }

  /** Ends the current watch so that the informer lists everything again. */
  relist(): boolean {
    const current = this.#current;
    if (!current) return false;
    current.relist = true;
    current.controller.abort();
    return true;
  }
}
