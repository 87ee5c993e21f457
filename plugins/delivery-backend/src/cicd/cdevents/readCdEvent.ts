import { CloudEventV1 } from 'cloudevents';
import { CicdEvent, pipelineRunKey } from './CicdEvent';
import { CdEventType, parseCdEventType } from './cdEventTypes';
import { FieldReader } from './FieldReader';

const OUTCOMES = ['success', 'failure', 'error', 'cancel'] as const;

/** CDEvents releases whose context carries `version` (v0.4) or `specversion` (v0.5). */
const SPEC_VERSION = /^0\.[45](\.\d+)?(-[0-9A-Za-z.-]+)?$/;

/**
 * Checks that a CloudEvent carries a CDEvent the backend supports and
 * reads it. Returns the problems, each naming its field, when it does not.
 */
export function readCdEvent(
  event: CloudEventV1<unknown>,
  label: string,
): { event: CicdEvent } | { problems: string[] } {
  const f = new FieldReader(`${label} data`);
  const data = f.object(event.data, '', true);
  if (!data) return { problems: f.problems };

  const context = f.object(data, 'context', true);
  const subject = f.object(data, 'subject', true);
  if (!context || !subject) return { problems: f.problems };

  // v0.5 renamed context.version to context.specversion.
  const specVersion =
    context.specversion !== undefined
      ? f.string(data, 'context.specversion', { required: true, maxLength: 16 })
      : f.string(data, 'context.version', { required: true, maxLength: 16 });
  if (specVersion !== undefined && !SPEC_VERSION.test(specVersion)) {
    f.problem(
      context.specversion !== undefined
        ? 'context.specversion'
        : 'context.version',
      `"${specVersion}" is not a CDEvents version this portal reads (0.4 or 0.5)`,
    );
  }
  f.string(data, 'context.id', { required: true, maxLength: 255 });
  f.string(data, 'context.source', { required: true, maxLength: 512 });
  const contextType = f.string(data, 'context.type', {
    required: true,
    maxLength: 128,
  });
  const occurredAt = f.timestamp(data, 'context.timestamp');
  const chainId = f.string(data, 'context.chainId', {
    required: false,
    maxLength: 255,
  });

  let type: CdEventType | undefined;
  let typeVersion: string | undefined;
  if (contextType !== undefined) {
    if (contextType !== event.type) {
      f.problem(
        'context.type',
        `"${contextType}" differs from the CloudEvent type "${event.type}"`,
      );
    } else {
      const parsed = parseCdEventType(contextType);
      if ('problem' in parsed) {
        f.problem('context.type', parsed.problem);
      } else {
        type = parsed.type;
        typeVersion = parsed.version;
      }
    }
  }

  const subjectId = f.string(data, 'subject.id', {
    required: true,
    maxLength: 512,
  });
  const subjectSource = f.string(data, 'subject.source', {
    required: false,
    maxLength: 512,
  });
  const content = f.object(data, 'subject.content', true);
  const customData = data.customData;
  const custom =
    customData && typeof customData === 'object' && !Array.isArray(customData)
      ? (customData as Record<string, unknown>)
      : {};

  const read: Partial<CicdEvent> = {};
  if (type && content) {
    Object.assign(
      read,
      readContent(f, type, data, {
        source: subjectSource ?? event.source,
        subjectId: subjectId ?? '',
      }),
    );
  }

  if (
    f.problems.length > 0 ||
    !type ||
    !typeVersion ||
    !specVersion ||
    !subjectId ||
    occurredAt === undefined
  ) {
    return { problems: f.problems };
  }

  return {
    event: {
      source: event.source,
      eventId: event.id,
      specVersion,
      type,
      typeVersion,
      subjectId,
      subjectSource,
      occurredAt,
      chainId,
      ...read,
      commit: read.commit ?? optionalText(custom.commit ?? custom.sha, 64),
      branch: optionalText(custom.branch ?? custom.ref, 255)?.replace(
        /^refs\/heads\//,
        '',
      ),
      actor: optionalText(custom.actor ?? custom.user, 255),
      payload: data,
    },
  };
}

/** The fields each type carries in `subject.content`. */
function readContent(
  f: FieldReader,
  type: CdEventType,
  data: Record<string, unknown>,
  subject: { source: string; subjectId: string },
): Partial<CicdEvent> {
  const text = (path: string, required = false, maxLength = 1024) =>
    f.string(data, `subject.content.${path}`, { required, maxLength });
  const ref = (path: string, required: boolean) => {
    const value = f.object(data, `subject.content.${path}`, required);
    if (!value) return undefined;
    const id = text(`${path}.id`, true, 512);
    const source = text(`${path}.source`, false, 512);
    return id === undefined ? undefined : { id, source };
  };

  switch (type) {
    case 'pipelinerun.queued':
    case 'pipelinerun.started':
    case 'pipelinerun.finished': {
      const started = type === 'pipelinerun.started';
      text('errors', false, 10_000);
      return {
        runKey: pipelineRunKey(subject.source, subject.subjectId),
        name: text('pipelineName', started, 255),
        url: text('url', started),
        outcome:
          type === 'pipelinerun.finished'
            ? f.oneOf(data, 'subject.content.outcome', OUTCOMES)
            : undefined,
      };
    }
    case 'taskrun.started':
    case 'taskrun.finished': {
      const started = type === 'taskrun.started';
      const pipelineRun = ref('pipelineRun', false);
      text('errors', false, 10_000);
      return {
        runKey: pipelineRun
          ? pipelineRunKey(pipelineRun.source ?? subject.source, pipelineRun.id)
          : undefined,
        name: text('taskName', started, 255),
        url: text('url', started),
        outcome:
          type === 'taskrun.finished'
            ? f.oneOf(data, 'subject.content.outcome', OUTCOMES)
            : undefined,
      };
    }
    case 'artifact.packaged': {
      const change = ref('change', true);
      return { artifactId: subject.subjectId, changeId: change?.id };
    }
    case 'artifact.published':
      return { artifactId: subject.subjectId };
    case 'change.merged':
      ref('repository', false);
      return { changeId: subject.subjectId };
    case 'service.deployed':
    case 'service.upgraded':
    case 'service.rolledback': {
      const environment = ref('environment', true);
      const artifactId = text('artifactId', true);
      return {
        environment: environment?.id,
        artifactId,
        commit: commitOfArtifact(artifactId),
      };
    }
    case 'service.removed':
      return { environment: ref('environment', true)?.id };
    case 'environment.created':
      return {
        environment: subject.subjectId,
        name: text('name', false, 255),
        url: text('url'),
      };
    case 'incident.detected':
    case 'incident.resolved': {
      const environment = ref('environment', true);
      ref('service', false);
      text('description', false, 10_000);
      return {
        environment: environment?.id,
        artifactId: text('artifactId'),
      };
    }
    default:
      return type satisfies never;
  }
}

function optionalText(value: unknown, maxLength: number): string | undefined {
  return typeof value === 'string' && value.length > 0
    ? value.slice(0, maxLength)
    : undefined;
}

/**
 * The commit an artifact was built from, when its tag is one (an image
 * tagged with the commit SHA, as the golden-path workflow tags it).
 */
export function commitOfArtifact(artifactId?: string): string | undefined {
  if (!artifactId) return undefined;
  const tag =
    /[?&]tag=([0-9a-f]{7,40})(?:&|$)/i.exec(artifactId)?.[1] ??
    /:([0-9a-f]{40})$/i.exec(artifactId)?.[1];
  return tag?.toLowerCase();
}

/** The version to show for an artifact: its tag or purl version. */
export function versionOfArtifact(artifactId?: string): string | undefined {
  if (!artifactId) return undefined;
  const tag = /[?&]tag=([^&]+)/.exec(artifactId)?.[1];
  if (tag) return decodeURIComponent(tag);
  const purlVersion = /^pkg:[^@]+@([^?#]+)/.exec(artifactId)?.[1];
  if (purlVersion) return decodeURIComponent(purlVersion);
  const imageTag = /:([^:/@]+)$/.exec(artifactId)?.[1];
  return imageTag ?? artifactId;
}
