import { createHash, randomUUID } from 'node:crypto';

/** CDEvents spec version the events follow. */
export const CDEVENTS_SPEC_VERSION = '0.4.1';

export const CDEVENT_TYPES = {
  pipelineRunStarted: 'dev.cdevents.pipelinerun.started.0.2.0',
  pipelineRunFinished: 'dev.cdevents.pipelinerun.finished.0.2.0',
  serviceDeployed: 'dev.cdevents.service.deployed.0.2.0',
} as const;

export interface CdEventSubject {
  id: string;
  source: string;
  type: 'pipelineRun' | 'service';
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
): CloudEvent {
  const id = randomUUID();
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
  ) {}

  send(event: CloudEvent): Promise<void> {
    if (!this.sinkUrl) return Promise.resolve();
    const sink = this.sinkUrl;
    this.queue = this.queue.then(async () => {
      try {
        const response = await fetch(sink, {
          method: 'POST',
          headers: { 'Content-Type': 'application/cloudevents+json' },
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
