import {
  Deployment,
  DeploymentAction,
  PipelineRun,
  PipelineStage,
  PipelineStatus,
} from '@internal/plugin-delivery-node';
import { versionOfArtifact } from './cdevents/readCdEvent';
import { StoredCicdEvent } from './store/CicdEventStore';

/** The provider id of runs and deployments reported as CDEvents. */
export const CDEVENTS_PROVIDER = 'cdevents';

const iso = (ms?: number) =>
  ms === undefined ? undefined : new Date(ms).toISOString();

function finishedStatus(outcome?: string): PipelineStatus {
  switch (outcome) {
    case 'success':
      return 'succeeded';
    case 'failure':
      return 'failed';
    case 'error':
      return 'errored';
    case 'cancel':
      return 'cancelled';
    default:
      // A finished event without an outcome says nothing about success.
      return 'unknown';
  }
}

/**
 * Pipeline runs from their CDEvents (oldest first): a run is queued,
 * started and finished by its pipelinerun events, its stages are its
 * taskrun events. Whichever arrives last, the later state wins.
 */
export function foldPipelineRuns(events: StoredCicdEvent[]): PipelineRun[] {
  const runs = new Map<string, PipelineRun & { lastAt: number }>();
  const stages = new Map<string, Map<string, PipelineStage>>();

  for (const e of events) {
    if (!e.runKey) continue;
    if (e.type.startsWith('pipelinerun.')) {
      const run = runs.get(e.runKey) ?? {
        provider: CDEVENTS_PROVIDER,
        id: e.runKey,
        entityRef: e.entityRef,
        name: e.name ?? e.subjectId,
        status: 'queued' as PipelineStatus,
        stages: [],
        lastAt: 0,
      };
      run.name = e.name ?? run.name;
      run.url = e.url ?? run.url;
      run.branch = e.branch ?? run.branch;
      run.commit = e.commit ?? run.commit;
      run.actor = e.actor ?? run.actor;
      if (e.type === 'pipelinerun.queued') {
        run.queuedAt = iso(e.occurredAt);
      } else if (e.type === 'pipelinerun.started') {
        run.startedAt = iso(e.occurredAt);
        if (!run.finishedAt) run.status = 'running';
      } else {
        run.finishedAt = iso(e.occurredAt);
        run.status = finishedStatus(e.outcome);
      }
      run.lastAt = Math.max(run.lastAt, e.occurredAt);
      runs.set(e.runKey, run);
    } else if (e.type.startsWith('taskrun.')) {
      const byId = stages.get(e.runKey) ?? new Map<string, PipelineStage>();
      const key = `${e.subjectSource ?? e.source}#${e.subjectId}`;
      const stage = byId.get(key) ?? {
        id: e.subjectId,
        name: e.name ?? e.subjectId,
        status: 'running' as PipelineStatus,
      };
      stage.name = e.name ?? stage.name;
      stage.url = e.url ?? stage.url;
      if (e.type === 'taskrun.started') {
        stage.startedAt = iso(e.occurredAt);
      } else {
        stage.finishedAt = iso(e.occurredAt);
        stage.status = finishedStatus(e.outcome);
      }
      byId.set(key, stage);
      stages.set(e.runKey, byId);
    }
  }

  return [...runs.entries()]
    .map(([key, { lastAt: _lastAt, ...run }]) => {
      run.stages = [...(stages.get(key)?.values() ?? [])].sort((a, b) =>
        (a.startedAt ?? '').localeCompare(b.startedAt ?? ''),
      );
      if (run.startedAt && run.finishedAt) {
        run.durationMs = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
      }
      return run;
    })
    .sort((a, b) =>
      (b.startedAt ?? b.queuedAt ?? '').localeCompare(
        a.startedAt ?? a.queuedAt ?? '',
      ),
    );
}

const ACTIONS: Record<string, DeploymentAction> = {
  'service.deployed': 'deployed',
  'service.upgraded': 'upgraded',
  'service.rolledback': 'rolledback',
  'service.removed': 'removed',
};

export function deploymentOf(
  e: StoredCicdEvent,
  pipelineRunId?: string,
): Deployment {
  return {
    provider: CDEVENTS_PROVIDER,
    id: `${e.source}#${e.eventId}`,
    entityRef: e.entityRef,
    environment: e.environment ?? 'unknown',
    action: ACTIONS[e.type] ?? 'deployed',
    artifactId: e.artifactId,
    version: versionOfArtifact(e.artifactId),
    commit: e.commit,
    pipelineRunId,
    at: new Date(e.occurredAt).toISOString(),
    url: e.url,
  };
}
