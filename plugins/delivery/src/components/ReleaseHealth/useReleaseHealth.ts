import { useEffect, useReducer } from 'react';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  ReleaseHealth,
  ROLLOUT_CHANGE_CHANNEL,
  RolloutChangeSignal,
} from '@internal/plugin-delivery-common';
import { DeliveryApi, deliveryApiRef, RolloutRef } from '../../api/DeliveryApi';
import { usePolling } from '../../hooks/usePolling';

/**
 * How often a release in flight is judged again without a change to its
 * rollout. A judgement moves only with new scrapes, and each one costs
 * Prometheus a range query per metric and side over the whole window since
 * the release started. Pod scrapes usually run every 15 s to 1 min, so half
 * a minute rarely asks twice about the same data, and an open page costs
 * one judgement per rollout in flight per half minute, shared by every
 * badge and card showing it (more often than that would mostly re-read the
 * same scrapes; the Argo analysis the golden paths generate measures once
 * a minute).
 */
export const REJUDGE_MS = 30_000;

/** Polls this close to one another are one: the first of several pollers asks. */
const SAME_MOMENT_MS = 1_000;

export interface ReleaseHealthState {
  /** The latest answer; kept on screen while the next one is asked. */
  value?: ReleaseHealth;
  /** Why the latest request failed; the verdict before it is then dropped. */
  error?: Error;
  /** True until the first answer. */
  loading: boolean;
}

/**
 * One rollout's judgement, shared by everything on the page that shows it,
 * with one subscription to the rollout's change signals from the first time
 * anything shows it: each change is judged once however many badges show
 * it, a burst of changes during a request is judged once more when it
 * returns, and a change while nothing shows the rollout makes its last
 * answer stale, so that a badge shown again (a new release) asks afresh.
 */
class SharedJudgement {
  state: ReleaseHealthState = { loading: true };
  readonly #listeners = new Set<() => void>();
  #watching = false;
  #startedAt = -Infinity;
  #running = false;
  #again = false;

  constructor(
    private readonly rollout: RolloutRef,
    private readonly ask: () => Promise<ReleaseHealth | undefined>,
  ) {}

  subscribe(listener: () => void, signalApi?: SignalApi) {
    this.#listeners.add(listener);
    // Kept for the page's life (one listener on the app's one signal
    // connection), so that changes while nothing shows the rollout count.
    if (signalApi && !this.#watching) {
      this.#watching = true;
      signalApi.subscribe<RolloutChangeSignal>(
        ROLLOUT_CHANGE_CHANNEL,
        signal => {
          if (this.#concerns(signal)) this.#changed();
        },
      );
    }
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Asks again unless a request started less than `maxAgeMs` ago answers for now. */
  refresh(maxAgeMs: number) {
    if (Date.now() - this.#startedAt < maxAgeMs) return;
    this.#changed();
  }

  /** A signal names the rollout's cluster and namespace, and its name when it could tell it. */
  #concerns(signal: RolloutChangeSignal) {
    return (
      signal.cluster === this.rollout.cluster &&
      signal.namespace === this.rollout.namespace &&
      (signal.rollout === null || signal.rollout === this.rollout.name)
    );
  }

  /** What is running now may predate the change: ask once more after it. */
  #changed() {
    if (this.#running) {
      this.#again = true;
    } else if (this.#listeners.size === 0) {
      this.#startedAt = -Infinity;
    } else {
      this.#start();
    }
  }

  #start() {
    this.#running = true;
    this.#again = false;
    this.#startedAt = Date.now();
    this.ask().then(
      value => this.#settle({ value, loading: false }),
      error => {
        // A failure is not kept: whoever looks next asks again.
        this.#startedAt = -Infinity;
        this.#settle({ error, loading: false });
      },
    );
  }

  #settle(state: ReleaseHealthState) {
    this.#running = false;
    this.state = state;
    this.#listeners.forEach(listener => listener());
    if (this.#again) this.#start();
  }
}

const shared = new WeakMap<DeliveryApi, Map<string, SharedJudgement>>();

function sharedJudgement(api: DeliveryApi, rollout: RolloutRef) {
  if (!shared.has(api)) shared.set(api, new Map());
  const byRollout = shared.get(api)!;
  const { kind, namespace, name } = rollout.entity;
  const key = [kind, namespace, name, rollout.cluster, rollout.namespace]
    .concat(rollout.name)
    .join('/');
  if (!byRollout.has(key)) {
    byRollout.set(
      key,
      new SharedJudgement(rollout, async () => api.getReleaseHealth?.(rollout)),
    );
  }
  return byRollout.get(key)!;
}

/**
 * The release health of a rollout, judged again when the delivery backend
 * signals a change to it (a new revision, a step, an abort) and every
 * REJUDGE_MS while `inFlight` says a release is under way (new scrapes
 * change a judgement without any change to the rollout). Every badge and
 * card showing the same rollout shares one request; tables that remount
 * their rows reuse an answer younger than REJUDGE_MS. Not `enabled`, the
 * rollout is not asked about at all.
 */
export function useReleaseHealth(
  rollout: RolloutRef,
  options: { enabled: boolean; inFlight: (value?: ReleaseHealth) => boolean },
): ReleaseHealthState {
  const api = useApi(deliveryApiRef);
  // Without the signals plugin, the polling below is all there is.
  const signalApi = useApiHolder().get(signalApiRef);
  const judgement = options.enabled ? sharedJudgement(api, rollout) : undefined;
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    if (!judgement) return undefined;
    const unsubscribe = judgement.subscribe(rerender, signalApi);
    judgement.refresh(REJUDGE_MS);
    // An answer that came while this was not yet listening.
    rerender();
    return unsubscribe;
  }, [judgement, signalApi]);

  usePolling(() => {
    if (judgement && options.inFlight(judgement.state.value)) {
      // A little less than the period, so that the first of several
      // pollers asks and the others find its answer fresh.
      judgement.refresh(REJUDGE_MS - SAME_MOMENT_MS);
    }
  }, REJUDGE_MS);

  return judgement?.state ?? { loading: false };
}
