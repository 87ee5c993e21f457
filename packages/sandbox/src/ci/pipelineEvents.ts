import { CDEVENT_TYPES, CloudEvent, cdEvent, ociPurl } from './cdEvents';
import { PipelineRun, PipelineStage } from './pipelineRuns';

/**
 * The CDEvents a pipeline run emits, shaped like the golden-path workflow's
 * `.github/scripts/cdevent.sh` sends them (subject ids, `pipelineName` =
 * the service), so the portal sees the same events from the sandbox as from
 * real CI. Their source is where GitHub Actions' would be,
 * `<git host>/<owner>/<repo>/actions/runs/<id>` (the run's `url`), so a
 * service's `platform-portal/cdevents-source` annotation is its repository's
 * web address on either.
 */

/** The service a run is about: its repository's name. */
const pipelineName = (run: PipelineRun) => run.repo.split('/')[1];

const customData = (run: PipelineRun) => ({
  repository: run.repo,
  commit: run.sha,
  branch: run.ref.replace(/^refs\/heads\//, ''),
  actor: run.pusher,
  runId: run.id,
  ...(run.image ? { image: run.image } : {}),
});

/** A pipelineRun event of the run; the subject is the same for every type. */
function pipelineRunEvent(
  run: PipelineRun,
  type: string,
  content: Record<string, unknown> = {},
): CloudEvent {
  return cdEvent(
    type,
    {
      id: run.id,
      source: run.eventSource ?? run.url,
      type: 'pipelineRun',
      content: { pipelineName: pipelineName(run), url: run.url, ...content },
    },
    customData(run),
  );
}

export function pipelineRunStarted(run: PipelineRun): CloudEvent {
  return pipelineRunEvent(run, CDEVENT_TYPES.pipelineRunStarted);
}

/**
 * `outcome` as CDEvents defines it: `failure` when the pipeline found a
 * problem (a broken overlay, an invalid manifest), `error` when it could not
 * run to the end (the sandbox stopped).
 */
export function pipelineRunFinished(
  run: PipelineRun,
  outcome: 'success' | 'failure' | 'error',
  errors?: string,
): CloudEvent {
  return pipelineRunEvent(run, CDEVENT_TYPES.pipelineRunFinished, {
    outcome,
    ...(errors ? { errors } : {}),
  });
}

/** One per environment deployed; the subject is the service's kubernetes-id. */
export function serviceDeployed(
  run: PipelineRun,
  environment: string,
  serviceId: string | undefined,
): CloudEvent {
  return cdEvent(
    CDEVENT_TYPES.serviceDeployed,
    {
      id: serviceId ?? pipelineName(run),
      source: run.eventSource ?? run.url,
      type: 'service',
      content: {
        environment: {
          id: environment,
          source: `sandbox/clusters/${environment}`,
        },
        artifactId: ociPurl(run.image!),
      },
    },
    { ...customData(run), cluster: environment },
  );
}

/** A stage of the run, reported as a CDEvents taskRun of its pipeline run. */
function taskRunEvent(
  run: PipelineRun,
  stage: PipelineStage,
  type: string,
  content: Record<string, unknown> = {},
): CloudEvent {
  const source = run.eventSource ?? run.url;
  return cdEvent(
    type,
    {
      id: `${run.id}-${stage.name}`,
      source,
      type: 'taskRun',
      content: {
        taskName: stage.name,
        url: run.url,
        pipelineRun: { id: run.id, source },
        ...content,
      },
    },
    customData(run),
  );
}

export function taskRunStarted(
  run: PipelineRun,
  stage: PipelineStage,
): CloudEvent {
  return taskRunEvent(run, stage, CDEVENT_TYPES.taskRunStarted);
}

const TASK_OUTCOMES = {
  succeeded: 'success',
  skipped: 'success',
  failed: 'failure',
  pending: 'error',
  running: 'error',
} as const;

export function taskRunFinished(
  run: PipelineRun,
  stage: PipelineStage,
): CloudEvent {
  return taskRunEvent(run, stage, CDEVENT_TYPES.taskRunFinished, {
    outcome: TASK_OUTCOMES[stage.status],
  });
}
