import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DELIVERY_ANNOTATIONS } from '@internal/plugin-delivery-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { entityRolloutQuery } from '../entities/entityRolloutQuery';
import { ReleaseHistoryStore } from '../history/ReleaseHistoryStore';
import { Rollout } from '../rollouts/kubernetesTypes';
import { ownedReplicaSets } from '../rollouts/revisions';
import { planAction } from '../rollouts/RolloutActionPlanner';
import { RolloutDriver } from '../rollouts/RolloutDriver';
import { RolloutReader } from '../rollouts/RolloutReader';
import { isFullyPromoted } from '../rollouts/rolloutState';
import { CanaryVerdictSource } from './CanaryVerdictSource';
import { GATE_ANNOTATIONS } from './gateAnnotations';
import { GateDecisionStore } from './GateDecisionStore';
import { GateNotifier } from './GateNotifier';
import { WaitingReleases } from './WaitingReleases';

export interface GateWatchTaskOptions {
  auth: AuthService;
  catalog: CatalogService;
  clusters: ClusterRegistry;
  history: ReleaseHistoryStore;
  decisions: GateDecisionStore;
  waiting: WaitingReleases;
  notifier: GateNotifier;
  logger: LoggerService;
  verdicts?: CanaryVerdictSource;
}

/** Who the release history names for what the portal did by itself. */
export const PORTAL_ACTOR = 'plugin:delivery';

/**
 * What the backend does by itself about releases: tells release managers
 * once per revision that a release waits at a gate, and aborts the releases
 * of services that opted in (`delivery/abort-on-canary-fail: "true"`) when
 * their canary verdict is Fail. It runs as a scheduled task, so with several
 * backend instances one runs it at a time; each notice and each abort is
 * also claimed in the database, so it happens once per revision.
 */
export class GateWatchTask {
  readonly #options: GateWatchTaskOptions;

  constructor(options: GateWatchTaskOptions) {
    this.#options = options;
  }

  async schedule(scheduler: SchedulerService, frequencySeconds = 30) {
    await scheduler.scheduleTask({
      id: 'delivery-release-gate-watch',
      frequency: { seconds: frequencySeconds },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 5 },
      fn: () => this.run(),
    });
  }

  async run(): Promise<void> {
    await this.announceWaiting();
    await this.abortFailedCanaries();
  }

  async announceWaiting(): Promise<void> {
    const { auth, waiting, decisions, notifier } = this.#options;
    const credentials = await auth.getOwnServiceCredentials();
    for (const release of await waiting.list(credentials)) {
      const claimed = await decisions.claimNotice(
        release,
        release.podTemplateHash,
        'waiting',
        release.entityRef,
      );
      if (claimed) await notifier.waiting(release);
    }
  }

  async abortFailedCanaries(): Promise<void> {
    const { auth, catalog, clusters, verdicts, logger } = this.#options;
    if (!verdicts) return;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${GATE_ANNOTATIONS.abortOnCanaryFail}`]:
            'true',
          [`metadata.annotations.${DELIVERY_ANNOTATIONS.kubernetesId}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    for (const entity of items) {
      const query = entityRolloutQuery(entity);
      for (const client of clusters.all()) {
        if (query.cluster && query.cluster !== client.name) continue;
        try {
          const rollouts = await client.listRollouts({
            namespace: query.namespace,
            labelSelector: query.labelSelector,
          });
          for (const rollout of rollouts) {
            if (isFullyPromoted(rollout) || rollout.status?.abort) continue;
            await this.#abortIfFailed(entity, client.name, rollout);
          }
        } catch (error) {
          logger.warn(
            `Abort policy: could not check ${stringifyEntityRef(entity)} in ${
              client.name
            }: ${error}`,
          );
        }
      }
    }
  }

  async #abortIfFailed(entity: Entity, cluster: string, rollout: Rollout) {
    const { clusters, history, decisions, notifier, verdicts } = this.#options;
    const ref = {
      cluster,
      namespace: rollout.metadata.namespace ?? 'default',
      rollout: rollout.metadata.name ?? '',
    };
    const hash = rollout.status?.currentPodHash;
    if (!hash) return;
    const verdict = await verdicts!.verdictFor(
      { ...ref, podTemplateHash: hash },
      entity,
    );
    if (verdict?.verdict !== 'Fail') return;
    const entityRef = stringifyEntityRef(entity);
    const reason = `Canary verdict Fail${
      verdict.summary ? `: ${verdict.summary}` : ''
    }${verdict.link ? ` (${verdict.link})` : ''}`;
    if (
      !(await decisions.claimNotice(ref, hash, 'auto-abort', entityRef, reason))
    ) {
      return;
    }
    const client = clusters.get(cluster);
    const reader = new RolloutReader(client);
    const { replicaSets } = await reader.withDependents(rollout);
    const planned = planAction(
      rollout,
      ownedReplicaSets(rollout, replicaSets),
      'abort',
    );
    if (!planned.ok) {
      await decisions.releaseNotice(ref, hash, 'auto-abort');
      return;
    }
    const attempt = {
      entityRef,
      ...ref,
      action: 'abort' as const,
      actor: PORTAL_ACTOR,
      reason,
    };
    try {
      await new RolloutDriver(client).apply(rollout, planned.plan);
    } catch (error) {
      // Given back, so that the next run tries again.
      await decisions.releaseNotice(ref, hash, 'auto-abort');
      await history.record(attempt, {
        outcome: 'failed',
        error: (error as Error).message,
      });
      throw error;
    }
    await history.record(attempt, {
      outcome: 'succeeded',
      revisionBefore: planned.plan.revisionBefore,
      revisionAfter: planned.plan.revisionAfter,
    });
    await notifier.aborted({
      entityRef,
      owner: (entity.spec as { owner?: string } | undefined)?.owner,
      ...ref,
      reason,
    });
  }
}
