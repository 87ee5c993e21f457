import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Request } from 'express';
import { CicdEvent } from './cdevents/CicdEvent';
import { readCdEvent } from './cdevents/readCdEvent';
import { eventLabel, readCloudEvents } from './cdevents/readCloudEvents';
import { CdEventEntityIndex } from './CdEventEntityIndex';
import { CicdEventStore } from './store/CicdEventStore';

/** What the sender is told about one request. */
export interface IngestResult {
  /** Events in the request. */
  received: number;
  /** Events not seen before, now stored. */
  stored: number;
  /** Events stored earlier (same source and id): nothing changed. */
  duplicates: number;
  /** Of the new events, those tied to no catalog entity yet. */
  unmatched: number;
}

/**
 * Receives CDEvents: checks every event of the request first and stores
 * them only when all are valid, so a rejected request leaves nothing
 * behind; ties each to its entity; stores each once.
 */
export class CdEventIngestService {
  constructor(
    private readonly options: {
      store: CicdEventStore;
      entities: CdEventEntityIndex;
      auditor: AuditorService;
      now?: () => number;
    },
  ) {}

  async ingest(
    request: Request,
    body: Buffer,
    credentials: BackstageCredentials,
  ): Promise<IngestResult> {
    const { store, entities, auditor } = this.options;
    const auditorEvent = await auditor.createEvent({
      eventId: 'cdevents-receive',
      severityLevel: 'low',
      request,
      meta: { subject: principalSubject(credentials) },
    });
    try {
      const events = this.read(request, body);
      // The catalog's annotations are read (when old) once per request,
      // not once per event: a batch is looked up without waiting.
      await entities.refreshIfStale();
      const matched = events.map(event => ({
        event,
        entityRef: entities.lookup(event.source),
      }));
      const { stored } = await store.insert(
        matched,
        (this.options.now ?? Date.now)(),
      );
      const result: IngestResult = {
        received: events.length,
        stored,
        duplicates: events.length - stored,
        unmatched: matched.filter(m => !m.entityRef).length,
      };
      await auditorEvent.success({ meta: { ...result } });
      return result;
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  }

  private read(request: Request, body: Buffer): CicdEvent[] {
    const cloudEvents = readCloudEvents(request.headers, body);
    const problems: string[] = [];
    const events: CicdEvent[] = [];
    cloudEvents.forEach((cloudEvent, index) => {
      const read = readCdEvent(cloudEvent, eventLabel(cloudEvent, index));
      if ('problems' in read) problems.push(...read.problems);
      else events.push(read.event);
    });
    if (problems.length > 0) {
      const shown = problems.slice(0, 10).join('; ');
      const more =
        problems.length > 10 ? `; and ${problems.length - 10} more` : '';
      throw new InputError(`Nothing was stored: ${shown}${more}`);
    }
    const seen = new Set<string>();
    return events.filter(e => {
      // A batch that repeats an event stores it once, like a redelivery.
      const key = `${e.source}\n${e.eventId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

function principalSubject(credentials: BackstageCredentials): string {
  const principal = credentials.principal as { subject?: string };
  return principal.subject ?? 'unknown';
}
