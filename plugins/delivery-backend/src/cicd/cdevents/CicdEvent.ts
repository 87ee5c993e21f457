import { CdEventType } from './cdEventTypes';

/**
 * A CDEvent as the backend keeps it: its identity, the fields the summary,
 * timeline and DORA figures read, and the event as received.
 */
export interface CicdEvent {
  /** CloudEvent source and id: the identity of the event. */
  source: string;
  eventId: string;
  specVersion: string;
  type: CdEventType;
  typeVersion: string;
  subjectId: string;
  subjectSource?: string;
  occurredAt: number;
  chainId?: string;
  /** The pipeline run a pipelinerun or taskrun event is about. */
  runKey?: string;
  name?: string;
  outcome?: string;
  url?: string;
  environment?: string;
  artifactId?: string;
  changeId?: string;
  commit?: string;
  branch?: string;
  actor?: string;
  /** The CDEvent (the CloudEvent's data). */
  payload: Record<string, unknown>;
}

/** The key that names one pipeline run across its events. */
export function pipelineRunKey(source: string, id: string): string {
  return `${source}#${id}`;
}
