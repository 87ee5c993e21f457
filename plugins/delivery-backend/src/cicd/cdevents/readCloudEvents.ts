import { InputError } from '@backstage/errors';
import { CloudEvent, CloudEventV1, HTTP, ValidationError } from 'cloudevents';
import { IncomingHttpHeaders } from 'node:http';

/** At most this many events in one batch. */
export const MAX_EVENTS_PER_REQUEST = 1000;

/**
 * The CloudEvents of one HTTP request, in binary mode (`ce-*` headers),
 * structured mode (`application/cloudevents+json`) or as a batch
 * (`application/cloudevents-batch+json`), each checked against the
 * CloudEvents 1.0 spec by the CloudEvents SDK. Throws an InputError naming
 * what is wrong.
 */
export function readCloudEvents(
  headers: IncomingHttpHeaders,
  body: Buffer,
): CloudEventV1<unknown>[] {
  const contentType = String(headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  const text = body.toString('utf8');
  const message = {
    // The SDK matches content types exactly; parameters such as charset
    // would make it refuse a valid event.
    headers: { ...stringHeaders(headers), 'content-type': contentType },
    body: text,
  };

  let parsed: unknown;
  if (
    contentType === 'application/cloudevents+json' ||
    contentType === 'application/cloudevents-batch+json' ||
    contentType === 'application/json'
  ) {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new InputError(
        `The body is not valid JSON: ${(error as Error).message}`,
      );
    }
  }
  if (
    contentType === 'application/cloudevents-batch+json' &&
    !Array.isArray(parsed)
  ) {
    throw new InputError(
      'A batch (application/cloudevents-batch+json) must be a JSON array of CloudEvents',
    );
  }

  let received: CloudEventV1<unknown> | CloudEventV1<unknown>[];
  try {
    received = HTTP.toEvent<unknown>(message);
  } catch (error) {
    throw new InputError(cloudEventProblem(error, 'the request'));
  }
  const events = Array.isArray(received) ? received : [received];
  if (events.length === 0) {
    throw new InputError('The batch holds no events');
  }
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    throw new InputError(
      `The batch holds ${events.length} events; send at most ${MAX_EVENTS_PER_REQUEST} per request`,
    );
  }
  // The SDK checks batch members against the spec as it builds them, but
  // parses binary and structured modes without checking.
  if (Array.isArray(received)) return events;
  events.forEach((event, index) => {
    try {
      (event as CloudEvent<unknown>).validate();
    } catch (error) {
      throw new InputError(cloudEventProblem(error, eventLabel(event, index)));
    }
  });
  return events;
}

export function eventLabel(event: { id?: string }, index: number): string {
  return `event ${index}${event.id ? ` (id "${event.id}")` : ''}`;
}

function cloudEventProblem(error: unknown, label: string): string {
  if (error instanceof ValidationError) {
    const details = (error.errors ?? [])
      .map(e =>
        typeof e === 'object' && e !== null && 'message' in e
          ? `${(e as { instancePath?: string }).instancePath || 'event'} ${
              (e as { message: string }).message
            }`
          : String(e),
      )
      .join('; ');
    const first = error.message.split('\n')[0];
    return `${label} is not a valid CloudEvent: ${details || first}`;
  }
  return `${label} is not a valid CloudEvent: ${(error as Error).message}`;
}

function stringHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') result[name] = value;
  }
  return result;
}
