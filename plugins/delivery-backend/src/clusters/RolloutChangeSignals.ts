import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  ROLLOUT_CHANGE_CHANNEL,
  RolloutChangeSignal,
} from '@internal/plugin-delivery-common';
import { RolloutChange } from './ClusterWatchCache';
import { RolloutInformerCache } from './RolloutInformerCache';

/**
 * Publishes the watch-fed cache's changes to browsers through Backstage
 * signals. A rollout step touches the Rollout, its ReplicaSets and its
 * AnalysisRun within milliseconds; those are sent as one signal per Rollout
 * after `coalesceMs`, which keeps a page's reloads to one per change.
 */
export class RolloutChangeSignals {
  readonly #signals: SignalsService;
  readonly #logger: LoggerService;
  readonly #coalesceMs: number;
  readonly #pending = new Map<string, RolloutChangeSignal>();
  #timer?: NodeJS.Timeout;
  #unsubscribe?: () => void;

  constructor(options: {
    signals: SignalsService;
    logger: LoggerService;
    coalesceMs?: number;
  }) {
    this.#signals = options.signals;
    this.#logger = options.logger;
    this.#coalesceMs = options.coalesceMs ?? 150;
  }

  start(cache: Pick<RolloutInformerCache, 'onChange'>): void {
    this.#unsubscribe = cache.onChange(change => this.#add(change));
  }

  stop(): void {
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    this.#pending.clear();
  }

  #add(change: RolloutChange) {
    const signal: RolloutChangeSignal = {
      cluster: change.cluster,
      namespace: change.namespace,
      rollout: change.rollout ?? null,
      kubernetesId: change.kubernetesId ?? null,
    };
    this.#pending.set(
      `${signal.cluster}/${signal.namespace}/${signal.rollout ?? ''}`,
      signal,
    );
    this.#timer ??= setTimeout(() => this.#flush(), this.#coalesceMs);
  }

  #flush() {
    this.#timer = undefined;
    const signals = [...this.#pending.values()];
    this.#pending.clear();
    for (const message of signals) {
      this.#signals
        .publish({
          recipients: { type: 'broadcast' },
          channel: ROLLOUT_CHANGE_CHANNEL,
          message,
        })
        .catch(error =>
          this.#logger.warn(
            `Could not signal a change of rollout ${message.namespace}/${message.rollout} in cluster '${message.cluster}'`,
            error,
          ),
        );
    }
  }
}
