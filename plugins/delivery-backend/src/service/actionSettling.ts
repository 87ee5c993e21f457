import {
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ReleaseHistoryStore } from '../history/ReleaseHistoryStore';
import { ActionReconciler } from './ActionReconciler';

/**
 * An instance answers (or fails) within a few cluster request timeouts; a
 * claim older than this belongs to one that stopped mid-action.
 */
const DEFAULT_CLAIM_EXPIRY_MS = 2 * 60_000;

export function readClaimExpiryMs(config: RootConfigService): number {
  return config.has('delivery.actionClaimExpiry')
    ? durationToMilliseconds(
        readDurationFromConfig(config, { key: 'delivery.actionClaimExpiry' }),
      )
    : DEFAULT_CLAIM_EXPIRY_MS;
}

/**
 * The reconciler of actions whose outcome was lost, and its runs: once at
 * start-up (this instance may be the one that stopped mid-action) and then
 * on a schedule, one instance at a time, for the claims that expire later.
 */
export async function startActionSettling(options: {
  config: RootConfigService;
  clusters: ClusterRegistry;
  history: ReleaseHistoryStore;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  logger: LoggerService;
}): Promise<{ reconciler: ActionReconciler; claimExpiryMs: number }> {
  const { scheduler, lifecycle, logger } = options;
  const claimExpiryMs = readClaimExpiryMs(options.config);
  const reconciler = new ActionReconciler({
    clusters: options.clusters,
    history: options.history,
    claimExpiryMs,
    logger,
  });
  const run = async () => {
    try {
      await reconciler.settleOpen();
    } catch (error) {
      logger.warn(`Could not settle open release actions: ${error}`);
    }
  };
  lifecycle.addStartupHook(() => {
    // Not awaited: a cluster that does not answer must not hold up start-up.
    run();
  });
  await scheduler.scheduleTask({
    id: 'delivery-settle-release-actions',
    frequency: {
      milliseconds: Math.max(5_000, Math.min(claimExpiryMs / 2, 60_000)),
    },
    timeout: { minutes: 5 },
    initialDelay: { milliseconds: claimExpiryMs },
    fn: run,
  });
  return { reconciler, claimExpiryMs };
}
