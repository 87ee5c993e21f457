import { UnmatchedCdEventResponse } from '@internal/plugin-delivery-common';
import { StoredCicdEvent } from './store/CicdEventStore';

/** An event no entity claims, as listed for the people who set up CI/CD. */
export type UnmatchedCdEvent = UnmatchedCdEventResponse;

export function eventFromStore(event: StoredCicdEvent): UnmatchedCdEvent {
  return {
    id: event.id,
    source: event.source,
    eventId: event.eventId,
    type: `${event.type}.${event.typeVersion}`,
    subjectId: event.subjectId,
    occurredAt: new Date(event.occurredAt).toISOString(),
    receivedAt: new Date(event.receivedAt).toISOString(),
  };
}
