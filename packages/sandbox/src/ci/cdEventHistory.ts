import { createHash } from 'node:crypto';
import {
  CDEVENT_TYPES,
  CdEventSubject,
  CloudEvent,
  cdEvent,
  ociPurl,
} from './cdEvents';
import { IMAGE_REGISTRY } from './pipelineRunner';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The owner of the example services' repositories on the git host. */
export const EXAMPLE_REPO_OWNER = 'acme';

const STAGES = [
  'checkout',
  'build',
  'render',
  'deploy-staging',
  'deploy-production',
];

/**
 * Two weeks of CI/CD for the example services, as CDEvents: per service six
 * runs of merge → pipeline (checkout, build, render, deploy to staging, then
 * production); a failing build now and then, a long build, and on cart-api
 * an incident in production, a rollback and its resolution. Event ids are
 * fixed per service and run, so sending the history again after a restart
 * stores nothing twice.
 */
export function exampleCdEventHistory(options: {
  services: Array<{ name: string }>;
  /** Web address of the git host, such as `http://localhost:7030`. */
  gitHostUrl: string;
  now: number;
}): CloudEvent[] {
  const events: CloudEvent[] = [];
  options.services.forEach(({ name }, serviceIndex) => {
    const repo = `${EXAMPLE_REPO_OWNER}/${name}`;
    for (let runNo = 1; runNo <= 6; runNo++) {
      const start =
        options.now -
        (14 - 2 * runNo + (serviceIndex % 2)) * DAY +
        serviceIndex * 37 * MINUTE;
      const failing = runNo === 4 && serviceIndex % 2 === 1;
      const long = runNo === 3 && serviceIndex % 3 === 0;
      const incident = name === 'cart-api' && runNo === 5;
      events.push(
        ...runHistory({
          name,
          repo,
          runNo,
          start,
          failing,
          long,
          incident,
          source: `${options.gitHostUrl}/${repo}/actions/runs/${1000 + runNo}`,
        }),
      );
    }
  });
  return events;
}

function runHistory(run: {
  name: string;
  repo: string;
  runNo: number;
  start: number;
  failing: boolean;
  long: boolean;
  incident: boolean;
  source: string;
}): CloudEvent[] {
  const { name, repo, runNo, start, source } = run;
  const sha = createHash('sha1').update(`${repo}#${runNo}`).digest('hex');
  const image = `${IMAGE_REGISTRY}/${name}:${sha.slice(0, 7)}`;
  const artifactId = ociPurl(image);
  const runId = String(1000 + runNo);
  const author = ['ana.silva', 'ben.okafor', 'chen.li'][runNo % 3];
  const custom = {
    repository: repo,
    commit: sha,
    branch: 'main',
    actor: author,
    runId,
  };
  const events: CloudEvent[] = [];
  let step = 0;
  const emit = (
    type: string,
    subject: CdEventSubject,
    at: number,
    extra: Record<string, unknown> = {},
  ) =>
    events.push(
      cdEvent(
        type,
        subject,
        { ...custom, ...extra },
        at,
        `sandbox-history-${name}-${runNo}-${step++}`,
      ),
    );
  const pipeline = (content: Record<string, unknown>): CdEventSubject => ({
    id: runId,
    source,
    type: 'pipelineRun',
    content: { pipelineName: name, url: source, ...content },
  });
  const task = (
    taskName: string,
    content: Record<string, unknown>,
  ): CdEventSubject => ({
    id: `${runId}-${taskName}`,
    source,
    type: 'taskRun',
    content: {
      taskName,
      url: source,
      pipelineRun: { id: runId, source },
      ...content,
    },
  });
  const environment = (id: string) => ({
    id,
    source: `sandbox/clusters/${id}`,
  });

  emit(
    CDEVENT_TYPES.changeMerged,
    {
      id: `${repo}/pull/${runNo}`,
      source,
      type: 'change',
      content: { repository: { id: repo } },
    },
    start - 20 * MINUTE,
  );
  emit(CDEVENT_TYPES.pipelineRunQueued, pipeline({}), start - MINUTE);
  emit(CDEVENT_TYPES.pipelineRunStarted, pipeline({}), start);

  let at = start;
  for (const stage of STAGES) {
    const buildMinutes = run.long ? 38 : 3;
    const minutes = stage === 'build' ? buildMinutes : 1;
    emit(CDEVENT_TYPES.taskRunStarted, task(stage, {}), at);
    at += minutes * MINUTE;
    const fails = run.failing && stage === 'build';
    emit(
      CDEVENT_TYPES.taskRunFinished,
      task(stage, { outcome: fails ? 'failure' : 'success' }),
      at,
    );
    if (fails) {
      emit(
        CDEVENT_TYPES.pipelineRunFinished,
        pipeline({ outcome: 'failure', errors: 'npm test: 2 failing' }),
        at,
      );
      return events;
    }
    if (stage === 'build') {
      emit(
        CDEVENT_TYPES.artifactPackaged,
        {
          id: artifactId,
          source,
          type: 'artifact',
          content: { change: { id: `${repo}/pull/${runNo}`, source } },
        },
        at,
      );
      emit(
        CDEVENT_TYPES.artifactPublished,
        { id: artifactId, source, type: 'artifact', content: {} },
        at,
      );
    }
    if (stage.startsWith('deploy-')) {
      const env = stage.slice('deploy-'.length);
      emit(
        CDEVENT_TYPES.serviceDeployed,
        {
          id: name,
          source,
          type: 'service',
          content: { environment: environment(env), artifactId },
        },
        at,
      );
    }
  }
  emit(CDEVENT_TYPES.pipelineRunFinished, pipeline({ outcome: 'success' }), at);

  if (run.incident) {
    const incident = (content: Record<string, unknown>): CdEventSubject => ({
      id: `${name}-incident-${runNo}`,
      source,
      type: 'incident',
      content: {
        environment: environment('production'),
        service: { id: name },
        artifactId,
        ...content,
      },
    });
    emit(
      CDEVENT_TYPES.incidentDetected,
      incident({ description: 'Error rate above the SLO after the release' }),
      at + 20 * MINUTE,
    );
    const previous = ociPurl(
      `${IMAGE_REGISTRY}/${name}:${createHash('sha1')
        .update(`${repo}#${runNo - 1}`)
        .digest('hex')
        .slice(0, 7)}`,
    );
    emit(
      CDEVENT_TYPES.serviceRolledBack,
      {
        id: name,
        source,
        type: 'service',
        content: {
          environment: environment('production'),
          artifactId: previous,
        },
      },
      at + 25 * MINUTE,
    );
    emit(CDEVENT_TYPES.incidentResolved, incident({}), at + 50 * MINUTE);
  }
  return events;
}
