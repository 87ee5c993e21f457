import {
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ReleaseHistoryStore } from '../history/ReleaseHistoryStore';
import { CanaryVerdictSource } from './CanaryVerdictSource';
import { changeSizeCheck } from './checks/changeSizeCheck';
import { environmentsConsistentCheck } from './checks/environmentsConsistentCheck';
import { errorBudgetCheck } from './checks/errorBudgetCheck';
import { quickToImplementCheck } from './checks/quickToImplementCheck';
import { stagingCheck } from './checks/stagingCheck';
import { GateDecisionStore } from './GateDecisionStore';
import { GateNotifier } from './GateNotifier';
import { GateWatchTask } from './GateWatchTask';
import { readGateSettings } from './GateSettings';
import { ReleaseGateService } from './ReleaseGateService';
import { WaitingReleases } from './WaitingReleases';

/** The gate with its five readiness checks, from config. */
export async function createReleaseGate(options: {
  config: Config;
  database: DatabaseService;
  urlReader: UrlReaderService;
  permissions: PermissionsService;
  catalog: CatalogService;
  clusters: ClusterRegistry;
  history: ReleaseHistoryStore;
  verdicts?: CanaryVerdictSource;
  auth: AuthService;
  logger: LoggerService;
  scheduler?: SchedulerService;
  notifications?: NotificationService;
  /** Group refs, from the permission policy's releaseManagersServiceRef. */
  releaseManagers: string[];
}) {
  const settings = readGateSettings(options.config);
  const integrations = ScmIntegrations.fromConfig(options.config);
  const decisions = await GateDecisionStore.create({
    database: options.database,
  });
  const checks = [
    changeSizeCheck({ integrations }),
    stagingCheck({ clusters: options.clusters, verdicts: options.verdicts }),
    environmentsConsistentCheck({
      integrations,
      urlReader: options.urlReader,
      kustomize: settings.kustomize,
      overlayPath: settings.overlayPath,
    }),
    quickToImplementCheck(),
    errorBudgetCheck({
      urlReader: options.urlReader,
      prometheusUrl: settings.prometheusUrl,
    }),
  ];
  const notifier = new GateNotifier({
    notifications: options.notifications,
    releaseManagers: options.releaseManagers,
    logger: options.logger,
  });
  const gate = new ReleaseGateService({
    notifier,
    settings,
    checks,
    decisions,
    history: options.history,
    permissions: options.permissions,
    clusters: options.clusters,
    catalog: options.catalog,
  });
  const waiting = new WaitingReleases({
    catalog: options.catalog,
    clusters: options.clusters,
    environments: settings.environments,
  });
  const watch = new GateWatchTask({
    auth: options.auth,
    catalog: options.catalog,
    clusters: options.clusters,
    history: options.history,
    decisions,
    waiting,
    notifier,
    logger: options.logger,
    verdicts: options.verdicts,
  });
  if (options.scheduler) {
    await watch.schedule(options.scheduler);
  }
  return { gate, waiting, decisions, settings, watch };
}
