import { createHash, randomUUID } from 'node:crypto';

/** CDEvents spec version the events follow. */
export const CDEVENTS_SPEC_VERSION = '0.4.1';

export const CDEVENT_TYPES = {
  pipelineRunStarted: 'dev.cdevents.pipelinerun.started.0.2.0',
  pipelineRunFinished: 'dev.cdevents.pipelinerun.finished.0.2.0',
  pipelineRunQueued: 'dev.cdevents.pipelinerun.queued.0.2.0',
  taskRunStarted: 'dev.cdevents.taskrun.started.0.2.0',
  taskRunFinished: 'dev.cdevents.taskrun.finished.0.2.0',
  changeMerged: 'dev.cdevents.change.merged.0.2.0',
  artifactPackaged: 'dev.cdevents.artifact.packaged.0.2.0',
  artifactPublished: 'dev.cdevents.artifact.published.0.2.0',
  serviceDeployed: 'dev.cdevents.service.deployed.0.2.0',
  serviceRolledBack: 'dev.cdevents.service.rolledback.0.2.0',
  incidentDetected: 'dev.cdevents.incident.detected.0.2.0',
  incidentResolved: 'dev.cdevents.incident.resolved.0.2.0',
} as const;

export interface CdEventSubject {
  id: string;
  source: string;
  type:
    | 'pipelineRun'
    | 'taskRun'
    | 'service'
    | 'change'
    | 'artifact'
    | 'incident';
  content: Record<string, unknown>;
}

/** A CloudEvents 1.0 event in structured mode, its data a CDEvent. */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: {
    context: {
      version: string;
      id: string;
      source: string;
      type: string;
      timestamp: string;
    };
    subject: CdEventSubject;
    customData?: Record<string, unknown>;
    customDataContentType?: string;
  };
}

/**
 * A CDEvent wrapped as the CDEvents CloudEvents binding prescribes: the
 * CloudEvent's id, source, type and time repeat the CDEvent's context, and
 * the CloudEvent subject is the CDEvent subject's id.
 */
export function cdEvent(
  type: string,
  subject: CdEventSubject,
  customData?: Record<string, unknown>,
  now: number = Date.now(),
  id: string = randomUUID(),
): CloudEvent {
  const timestamp = new Date(now).toISOString();
  return {
    specversion: '1.0',
    id,
    source: subject.source,
    type,
    subject: subject.id,
    time: timestamp,
    datacontenttype: 'application/json',
    data: {
      context: {
        version: CDEVENTS_SPEC_VERSION,
        id,
        source: subject.source,
        type,
        timestamp,
      },
      subject,
      ...(customData
        ? { customData, customDataContentType: 'application/json' }
        : {}),
    },
  };
}

/**
 * The artifact id CDEvents expects: a package URL. There is no real image,
 * so the digest is derived from the image reference (stable per build).
 */
export function ociPurl(image: string): string {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const repository = colon > slash ? image.slice(0, colon) : image;
  const tag = colon > slash ? image.slice(colon + 1) : 'latest';
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  const digest = createHash('sha256').update(image).digest('hex');
  return `pkg:oci/${name}@sha256%3A${digest}?repository_url=${encodeURIComponent(
    repository,
  )}&tag=${encodeURIComponent(tag)}`;
}

/**
 * Posts events to an HTTP sink (`Content-Type: application/cloudevents+json`),
 * in order. Delivery failures are logged, never fatal: a pipeline does not
 * fail because the portal is down.
 */
export class CdEventSender {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly sinkUrl: string | undefined,
    private readonly warn: (message: string) => void,
    /** An external-access token the portal accepts, sent as a bearer token. */
    private readonly token?: string,
  ) {}

  private headers(contentType: string): Record<string, string> {
    return {
      'Content-Type': contentType,
      ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
    };
  }

  /**
   * Sends a batch once the sink answers: the history the sandbox starts
   * with is sent while the portal is still starting. Event ids are fixed,
   * so sending it again after a restart stores nothing twice.
   */
  async sendBatchWhenReady(
    events: CloudEvent[],
    options: { attempts?: number; intervalMs?: number } = {},
  ): Promise<boolean> {
    if (!this.sinkUrl || events.length === 0) return false;
    const attempts = options.attempts ?? 120;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await fetch(this.sinkUrl, {
          method: 'POST',
          headers: this.headers('application/cloudevents-batch+json'),
          body: JSON.stringify(events),
          signal: AbortSignal.timeout(10_000),
        });
        if (response.ok) return true;
        if (response.status !== 404 && response.status !== 503) {
          this.warn(
            `CDEvents history to ${this.sinkUrl}: ${
              response.status
            } ${await response.text()}`,
          );
          return false;
        }
      } catch {
        // The portal is not listening yet.
      }
      await new Promise(resolve =>
        setTimeout(resolve, options.intervalMs ?? 5000).unref(),
      );
    }
    this.warn(`CDEvents history: ${this.sinkUrl} did not answer; not sent`);
    return false;
  }

  send(event: CloudEvent): Promise<void> {
    if (!this.sinkUrl) return Promise.resolve();
    const sink = this.sinkUrl;
    this.queue = this.queue.then(async () => {
      try {
        const response = await fetch(sink, {
          method: 'POST',
          headers: this.headers('application/cloudevents+json'),
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(5000),
        });
        if (!response.ok) {
          this.warn(
            `CDEvent ${event.type} to ${sink}: ${response.status} ${response.statusText}`,
          );
        }
      } catch (e) {
        this.warn(
          `CDEvent ${event.type} to ${sink} failed: ${(e as Error).message}`,
        );
      }
    });
    return this.queue;
  }

  /** Resolves when every event sent so far was delivered or given up on. */
  flushed(): Promise<void> {
    return this.queue;
  }
}
