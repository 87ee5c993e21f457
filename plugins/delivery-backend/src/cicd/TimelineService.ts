import { Entity } from '@backstage/catalog-model';
import {
  ReleaseRecord,
  TimelineEntryResponse,
} from '@internal/plugin-delivery-common';
import { GateDecision } from '../gate/GateDecisionStore';
import { ReleaseHistoryStore } from '../history/ReleaseHistoryStore';
import { versionOfArtifact } from './cdevents/readCdEvent';
import { CicdEventStore, StoredCicdEvent } from './store/CicdEventStore';

/** What happened, in the timeline's words. */
export type TimelineKind =
  | 'pipeline-started'
  | 'pipeline-finished'
  | 'change-merged'
  | 'artifact-packaged'
  | 'artifact-published'
  | 'deployed'
  | 'upgraded'
  | 'rolledback'
  | 'removed'
  | 'environment-created'
  | 'incident-detected'
  | 'incident-resolved'
  | 'promote'
  | 'promoteFull'
  | 'abort'
  | 'retry'
  | 'rollback'
  | 'release-started'
  | 'step-completed'
  | 'aborted'
  | 'release-completed'
  | 'analysis-failed'
  | 'analysis-error'
  | 'analysis-inconclusive'
  | 'gate-approved'
  | 'gate-refused'
  | 'gate-overridden';

/**
 * An entry as the API answers it (openapi.yaml's `TimelineEntry`): `kind`
 * is a TimelineKind, `title` a sentence for a person.
 */
export type TimelineEntry = TimelineEntryResponse;

/** Where an entry's fact came from; one entry may have several. */
export type TimelineSource = TimelineEntry['sources'][number];

const EVENT_TYPES = [
  'pipelinerun.started',
  'pipelinerun.finished',
  'change.merged',
  'artifact.packaged',
  'artifact.published',
  'service.deployed',
  'service.upgraded',
  'service.rolledback',
  'service.removed',
  'environment.created',
  'incident.detected',
  'incident.resolved',
];

/** The release manager's decisions, when the gate is installed. */
export interface TimelineGate {
  decisionsOf(entityRef: string, limit?: number): Promise<GateDecision[]>;
}

/** What the clusters recorded about the entity's rollouts. */
export interface TimelineClusterSource {
  list(entity: Entity): Promise<TimelineEntry[]>;
}

/** The same fact from two paths lies within this much time. */
const SAME_FACT_WINDOW_MS = 5 * 60_000;

/**
 * A service's timeline: what CI/CD reported as CDEvents, what the
 * clusters recorded on the entity's rollouts (a release CD started, an
 * abort by analysis) and what people did through the portal, newest first.
 * The same fact from two paths is one entry with both sources: a rollback
 * made in the portal and reported again by CD as `service.rolledback`, an
 * abort made in the portal and recorded by the cluster as RolloutAborted.
 */
export class TimelineService {
  constructor(
    private readonly options: {
      store: CicdEventStore;
      history: ReleaseHistoryStore;
      gate?: TimelineGate;
      cluster?: TimelineClusterSource;
    },
  ) {}

  /** With the entity, what its clusters recorded joins the timeline. */
  async list(
    entityRef: string,
    limit: number,
    entity?: Entity,
  ): Promise<TimelineEntry[]> {
    const inCluster =
      entity && this.options.cluster ? this.options.cluster.list(entity) : [];
    const [events, page, decisions] = await Promise.all([
      this.options.store.listForEntity(entityRef, {
        types: EVENT_TYPES,
        limit,
      }),
      this.options.history.list({ entityRef, limit }),
      this.options.gate?.decisionsOf(entityRef, limit) ?? [],
    ]);
    const fromEvents = events.map(eventEntry);
    const entries = [...fromEvents, ...decisions.map(decisionEntry)];
    // A person's abort through the portal is also recorded by the cluster
    // (RolloutAborted): one entry with both sources.
    for (const entry of [
      ...page.items.map(actionEntry),
      ...(await inCluster),
    ]) {
      const same = entries.find(e => isSameFact(e, entry));
      if (same) {
        same.sources = [...new Set([...same.sources, ...entry.sources])];
        same.actor ??= entry.actor;
      } else {
        entries.push(entry);
      }
    }
    return entries
      .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
      .slice(0, limit);
  }
}

function isSameFact(a: TimelineEntry, b: TimelineEntry): boolean {
  const rollback = (k: string) => k === 'rolledback' || k === 'rollback';
  const abort = (k: string) => k === 'abort' || k === 'aborted';
  return (
    ((rollback(a.kind) && rollback(b.kind)) ||
      (abort(a.kind) && abort(b.kind))) &&
    a.environment === b.environment &&
    Math.abs(Date.parse(a.at) - Date.parse(b.at)) <= SAME_FACT_WINDOW_MS
  );
}

function eventEntry(e: StoredCicdEvent): TimelineEntry {
  const base = {
    id: `cdevent:${e.id}`,
    at: new Date(e.occurredAt).toISOString(),
    environment: e.environment,
    image: e.artifactId,
    version: versionOfArtifact(e.artifactId),
    actor: e.actor,
    url: e.url,
    sources: ['cdevents' as const],
  };
  const what = base.version ?? e.artifactId ?? 'an unknown version';
  switch (e.type) {
    case 'pipelinerun.started':
      return {
        ...base,
        kind: 'pipeline-started',
        title: `Pipeline ${e.name ?? e.subjectId} started`,
      };
    case 'pipelinerun.finished':
      return {
        ...base,
        kind: 'pipeline-finished',
        outcome: e.outcome,
        title: `Pipeline ${e.name ?? e.subjectId} finished: ${
          e.outcome ?? 'no outcome reported'
        }`,
      };
    case 'change.merged':
      return {
        ...base,
        kind: 'change-merged',
        title: `Change ${e.subjectId} merged`,
      };
    case 'artifact.packaged':
      return {
        ...base,
        kind: 'artifact-packaged',
        title: `Packaged ${what}${
          e.changeId ? ` from change ${e.changeId}` : ''
        }`,
      };
    case 'artifact.published':
      return {
        ...base,
        kind: 'artifact-published',
        title: `Published ${what}`,
      };
    case 'service.deployed':
      return {
        ...base,
        kind: 'deployed',
        title: `CD deployed ${what} to ${e.environment}`,
      };
    case 'service.upgraded':
      return {
        ...base,
        kind: 'upgraded',
        title: `CD upgraded ${e.environment} to ${what}`,
      };
    case 'service.rolledback':
      return {
        ...base,
        kind: 'rolledback',
        title: `${e.environment} rolled back to ${what}`,
      };
    case 'service.removed':
      return {
        ...base,
        kind: 'removed',
        title: `Removed from ${e.environment}`,
      };
    case 'environment.created':
      return {
        ...base,
        kind: 'environment-created',
        title: `Environment ${e.name ?? e.subjectId} created`,
      };
    case 'incident.detected':
      return {
        ...base,
        kind: 'incident-detected',
        title: `Incident ${e.subjectId} detected in ${e.environment}`,
      };
    default:
      return {
        ...base,
        kind: 'incident-resolved',
        title: `Incident ${e.subjectId} resolved in ${e.environment}`,
      };
  }
}

const ACTION_WORDS: Record<ReleaseRecord['action'], string> = {
  promote: 'promoted',
  promoteFull: 'fully promoted',
  abort: 'aborted',
  retry: 'retried',
  rollback: 'rolled back',
};

function actionEntry(record: ReleaseRecord): TimelineEntry {
  const revision =
    record.revisionAfter !== undefined
      ? ` (revision ${record.revisionAfter})`
      : '';
  return {
    id: `action:${record.id}`,
    at: record.createdAt,
    kind: record.action,
    title: `${record.actor.replace(/^user:(default\/)?/, '')} ${
      ACTION_WORDS[record.action]
    } ${record.rollout} in ${record.cluster}${revision}${
      record.outcome === 'failed' ? ' — failed' : ''
    }`,
    environment: record.cluster,
    actor: record.actor,
    outcome: record.outcome,
    sources: ['portal'],
  };
}

const DECISION_WORDS: Record<GateDecision['decision'], string> = {
  approved: 'approved',
  refused: 'refused',
  overridden: 'overrode a gate check of',
};

/** A release manager's approval, refusal or override at the gate. */
function decisionEntry(d: GateDecision): TimelineEntry {
  const check = d.checkId ? ` (${d.checkId})` : '';
  return {
    id: `gate:${d.id}`,
    at: new Date(d.createdAt).toISOString(),
    kind: `gate-${d.decision}`,
    title: `${d.actor.replace(/^user:(default\/)?/, '')} ${
      DECISION_WORDS[d.decision]
    } ${d.rollout} in ${d.cluster}${check}${d.reason ? `: ${d.reason}` : ''}`,
    environment: d.cluster,
    image: d.images[0],
    actor: d.actor,
    sources: ['portal'],
  };
}
