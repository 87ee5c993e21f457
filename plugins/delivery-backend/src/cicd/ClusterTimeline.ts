import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CoreV1Event } from '@kubernetes/client-node';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { entityRolloutQuery } from '../entities/entityRolloutQuery';
import { TimelineEntry } from './TimelineService';

/**
 * The Kubernetes Events Argo Rollouts records on a Rollout
 * (utils/conditions/conditions.go and the analysis controller), and what
 * each is on the timeline. Events not listed (scaling, traffic weights,
 * pauses) are the controller's bookkeeping, not a step of the release.
 */
const REASONS: Record<
  string,
  { kind: string; title: (rollout: string, message: string) => string }
> = {
  // "Rollout updated to revision 7": a new spec, i.e. CD started a release.
  RolloutUpdated: {
    kind: 'release-started',
    title: (rollout, message) =>
      `Release of ${rollout} started${revisionOf(message)}`,
  },
  // "Rollout step 2/4 completed (setWeight: 40)"
  RolloutStepCompleted: {
    kind: 'step-completed',
    title: (rollout, message) =>
      `${rollout}: ${message.replace(/^Rollout s/, 'S')}`,
  },
  // "Rollout aborted update to revision 7: Metric "error-rate" assessed
  // Failed …" when analysis aborted it; without a reason when a person did.
  RolloutAborted: {
    kind: 'aborted',
    title: (rollout, message) =>
      `Release of ${rollout} aborted${revisionOf(message)}${reasonOf(message)}`,
  },
  // "Rollout completed update to revision 7 (5f6b…): Rollout completed"
  RolloutCompleted: {
    kind: 'release-completed',
    title: (rollout, message) =>
      `Release of ${rollout} completed${revisionOf(message)}`,
  },
  // "Step Analysis Run 'web-7-2' Status New: 'Failed' Previous: 'Running'"
  AnalysisRunFailed: {
    kind: 'analysis-failed',
    title: (rollout, message) =>
      `Analysis ${analysisRunOf(message)}of ${rollout} failed`,
  },
  AnalysisRunError: {
    kind: 'analysis-error',
    title: (rollout, message) =>
      `Analysis ${analysisRunOf(message)}of ${rollout} could not run (Error)`,
  },
  AnalysisRunInconclusive: {
    kind: 'analysis-inconclusive',
    title: (rollout, message) =>
      `Analysis ${analysisRunOf(message)}of ${rollout} was inconclusive`,
  },
};

function revisionOf(message: string): string {
  const revision = /revision (\d+)/.exec(message)?.[1];
  return revision ? ` (revision ${revision})` : '';
}

function reasonOf(message: string): string {
  const reason = /^Rollout aborted update to revision \d+: (.+)$/s.exec(
    message,
  )?.[1];
  return reason ? `: ${reason}` : '';
}

function analysisRunOf(message: string): string {
  const name = /Analysis Run '([^']+)'/.exec(message)?.[1];
  return name ? `${name} ` : '';
}

/**
 * What the clusters themselves say happened to an entity's rollouts: the
 * Events Argo Rollouts records on each Rollout, read when the timeline is.
 * This is how a release started by CD or an abort made by analysis reaches
 * the timeline without anyone pressing a button in the portal.
 *
 * Kubernetes keeps Events for an hour by default (the API server's
 * --event-ttl), so these entries cover the recent past; older ones are only
 * on the timeline when CD reported them as CDEvents too.
 */
export class ClusterTimeline {
  constructor(
    private readonly options: {
      clusters: ClusterRegistry;
      logger: LoggerService;
    },
  ) {}

  async list(entity: Entity): Promise<TimelineEntry[]> {
    let query;
    try {
      query = entityRolloutQuery(entity);
    } catch {
      return []; // no Kubernetes annotations: nothing in any cluster
    }
    const clients = this.options.clusters
      .all()
      .filter(c => !query.cluster || c.name === query.cluster);
    const perCluster = await Promise.all(
      clients.map(async client => {
        try {
          const rollouts = await client.listRollouts(query);
          const events = await Promise.all(
            rollouts.map(async rollout => ({
              rollout: rollout.metadata.name ?? '',
              events: await client.listEvents(
                rollout.metadata.namespace ?? 'default',
                { kind: 'Rollout', name: rollout.metadata.name ?? '' },
              ),
            })),
          );
          return events.flatMap(({ rollout, events: list }) =>
            list.flatMap(e => entryOf(client.name, rollout, e) ?? []),
          );
        } catch (error) {
          // One unreachable cluster leaves the rest of the timeline whole.
          this.options.logger.warn(
            `Could not read rollout events of ${stringifyEntityRef(
              entity,
            )} in cluster ${client.name}: ${error}`,
          );
          return [];
        }
      }),
    );
    return perCluster.flat();
  }
}

function entryOf(
  cluster: string,
  rollout: string,
  event: CoreV1Event,
): TimelineEntry | undefined {
  const known = event.reason ? REASONS[event.reason] : undefined;
  if (!known) return undefined;
  // A repeated event is one Event with a count; it happened last at
  // lastTimestamp.
  const at =
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata.creationTimestamp;
  if (!at) return undefined;
  return {
    id: `cluster:${cluster}/${event.metadata.namespace}/${event.metadata.name}`,
    at: new Date(at).toISOString(),
    kind: known.kind,
    title: `${known.title(rollout, event.message ?? '')} in ${cluster}`,
    environment: cluster,
    sources: ['cluster'],
  };
}
