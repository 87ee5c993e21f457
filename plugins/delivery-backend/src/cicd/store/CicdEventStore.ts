import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { CicdEvent } from '../cdevents/CicdEvent';
import { CdEventType } from '../cdevents/cdEventTypes';

export const CICD_EVENTS_TABLE = 'cicd_events';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-delivery-backend',
  'migrations',
);

/**
 * Rows per INSERT: a request's whole batch (at most 1,000 events) is one
 * statement, one round trip. 22 columns × 1,400 rows stays below SQLite's
 * 32,766 bound parameters (its limit since 3.32) and PostgreSQL's 65,535.
 */
const INSERT_CHUNK = 1400;

const INSERT_COLUMNS = [
  'source',
  'event_id',
  'spec_version',
  'type',
  'type_version',
  'subject_id',
  'subject_source',
  'entity_ref',
  'occurred_at',
  'received_at',
  'chain_id',
  'run_key',
  'name',
  'outcome',
  'url',
  'environment',
  'artifact_id',
  'change_id',
  'commit_sha',
  'branch',
  'actor',
  'payload',
] as const;

const ROW_PLACEHOLDERS = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;

/**
 * A multi-row INSERT that skips events stored before and returns the ids
 * of the new rows. Written out rather than built by knex: for SQLite knex
 * writes a multi-row insert as a compound SELECT (at most 500 terms, and
 * slower to plan), where this VALUES list reads the same on SQLite (3.35+,
 * for RETURNING) and PostgreSQL, and needs no query building per request.
 */
function insertStatement(rows: number): string {
  return `insert into ${CICD_EVENTS_TABLE} (${INSERT_COLUMNS.join(
    ', ',
  )}) values ${Array(rows)
    .fill(ROW_PLACEHOLDERS)
    .join(', ')} on conflict (source, event_id) do nothing returning id`;
}

/** knex.raw answers rows directly on SQLite and as `{ rows }` on PostgreSQL. */
function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result)
    ? result
    : (result as { rows?: unknown[] }).rows ?? [];
}

/**
 * A stored event, as read back: its columns, without the payload as
 * received, which is kept for the record; nothing reads it, and parsing it
 * on every summary and timeline read would cost time for nothing.
 */
export interface StoredCicdEvent extends Omit<CicdEvent, 'payload'> {
  id: number;
  entityRef?: string;
  receivedAt: number;
}

export interface CicdEventRow {
  id: number | string;
  source: string;
  event_id: string;
  spec_version: string;
  type: string;
  type_version: string;
  subject_id: string;
  subject_source: string | null;
  entity_ref: string | null;
  occurred_at: number | string;
  received_at: number | string;
  chain_id: string | null;
  run_key: string | null;
  name: string | null;
  outcome: string | null;
  url: string | null;
  environment: string | null;
  artifact_id: string | null;
  change_id: string | null;
  commit_sha: string | null;
  branch: string | null;
  actor: string | null;
}

/** Every column but `payload`. */
const READ_COLUMNS: string[] = [
  'id',
  ...INSERT_COLUMNS.filter(column => column !== 'payload'),
];

const opt = (value: string | null) => value ?? undefined;

export function eventFromRow(row: CicdEventRow): StoredCicdEvent {
  return {
    id: Number(row.id),
    source: row.source,
    eventId: row.event_id,
    specVersion: row.spec_version,
    type: row.type as CdEventType,
    typeVersion: row.type_version,
    subjectId: row.subject_id,
    subjectSource: opt(row.subject_source),
    entityRef: opt(row.entity_ref),
    occurredAt: Number(row.occurred_at),
    receivedAt: Number(row.received_at),
    chainId: opt(row.chain_id),
    runKey: opt(row.run_key),
    name: opt(row.name),
    outcome: opt(row.outcome),
    url: opt(row.url),
    environment: opt(row.environment),
    artifactId: opt(row.artifact_id),
    changeId: opt(row.change_id),
    commit: opt(row.commit_sha),
    branch: opt(row.branch),
    actor: opt(row.actor),
  };
}

/**
 * Every CDEvent received, once. Writes are idempotent by the CloudEvent's
 * source and id, enforced by a unique index, so a redelivery or two backend
 * instances storing the same event leave one row.
 */
export class CicdEventStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<CicdEventStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new CicdEventStore(knex);
  }

  constructor(readonly knex: Knex) {}

  /**
   * Stores the events not stored before, in one transaction: all of them
   * or, on an error, none. Returns how many were new.
   */
  async insert(
    events: Array<{ event: CicdEvent; entityRef?: string }>,
    receivedAt: number,
  ): Promise<{ stored: number }> {
    const rows = events.map(({ event, entityRef }) => ({
      source: event.source,
      event_id: event.eventId,
      spec_version: event.specVersion,
      type: event.type,
      type_version: event.typeVersion,
      subject_id: event.subjectId,
      subject_source: event.subjectSource ?? null,
      entity_ref: entityRef ?? null,
      occurred_at: event.occurredAt,
      received_at: receivedAt,
      chain_id: event.chainId ?? null,
      run_key: event.runKey ?? null,
      name: event.name ?? null,
      outcome: event.outcome ?? null,
      url: event.url ?? null,
      environment: event.environment ?? null,
      artifact_id: event.artifactId ?? null,
      change_id: event.changeId ?? null,
      commit_sha: event.commit ?? null,
      branch: event.branch ?? null,
      actor: event.actor ?? null,
      payload: JSON.stringify(event.payload),
    }));
    // One order for every writer: two instances inserting overlapping
    // batches then wait on each other's rows instead of deadlocking.
    rows.sort((a, b) =>
      a.source === b.source
        ? a.event_id.localeCompare(b.event_id)
        : a.source.localeCompare(b.source),
    );
    let stored = 0;
    await this.knex.transaction(async tx => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const chunk = rows.slice(i, i + INSERT_CHUNK);
        const inserted = await tx.raw(
          insertStatement(chunk.length),
          chunk.flatMap(row => INSERT_COLUMNS.map(column => row[column])),
        );
        stored += rowsOf(inserted).length;
      }
    });
    return { stored };
  }

  /**
   * Ties unmatched events whose source lies under one of the prefixes to
   * the entity: events that arrived before the entity was registered or
   * annotated.
   */
  async claimUnmatched(entityRef: string, prefixes: string[]): Promise<number> {
    if (prefixes.length === 0) return 0;
    return this.knex(CICD_EVENTS_TABLE)
      .update({ entity_ref: entityRef })
      .whereNull('entity_ref')
      .andWhere(q => {
        for (const prefix of prefixes) {
          // SQLite has no default LIKE escape character; PostgreSQL's is
          // the backslash. Naming it makes both read the pattern alike.
          q.orWhere('source', prefix).orWhereRaw("source like ? escape '\\'", [
            `${escapeLike(prefix.replace(/\/+$/, ''))}/%`,
          ]);
        }
      });
  }

  /** The entity's events of the given types, newest first. */
  async listForEntity(
    entityRef: string,
    options: { types?: readonly string[]; limit: number; since?: number },
  ): Promise<StoredCicdEvent[]> {
    const query = this.knex<CicdEventRow>(CICD_EVENTS_TABLE)
      .select<CicdEventRow[]>(READ_COLUMNS)
      .where('entity_ref', entityRef)
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    if (options.types) query.whereIn('type', options.types);
    if (options.since !== undefined) {
      query.where('occurred_at', '>=', options.since);
    }
    return (await query).map(eventFromRow);
  }

  /** The newest runs of the entity, by the time of their latest event. */
  async latestRunKeys(entityRef: string, limit: number): Promise<string[]> {
    const rows = await this.knex(CICD_EVENTS_TABLE)
      .select('run_key')
      .max({ last: 'occurred_at' })
      .where('entity_ref', entityRef)
      .whereIn('type', [
        'pipelinerun.queued',
        'pipelinerun.started',
        'pipelinerun.finished',
      ])
      .groupBy('run_key')
      .orderBy('last', 'desc')
      .limit(limit);
    return rows.map(r => (r as { run_key: string }).run_key);
  }

  async listForRuns(runKeys: string[]): Promise<StoredCicdEvent[]> {
    if (runKeys.length === 0) return [];
    const rows = await this.knex<CicdEventRow>(CICD_EVENTS_TABLE)
      .select<CicdEventRow[]>(READ_COLUMNS)
      .whereIn('run_key', runKeys)
      .orderBy([
        { column: 'occurred_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(eventFromRow);
  }

  /**
   * The latest deployment event in each environment of the entity, by
   * when it happened (events arrive in any order).
   */
  async latestDeployments(entityRef: string): Promise<StoredCicdEvent[]> {
    const types = [
      'service.deployed',
      'service.upgraded',
      'service.rolledback',
      'service.removed',
    ];
    const latest = this.knex(CICD_EVENTS_TABLE)
      .select('environment')
      .max({ last: 'occurred_at' })
      .where('entity_ref', entityRef)
      .whereIn('type', types)
      .groupBy('environment')
      .as('latest');
    const rows = await this.knex<CicdEventRow>(`${CICD_EVENTS_TABLE} as e`)
      .join(latest, join =>
        join
          .on('latest.environment', 'e.environment')
          .andOn('latest.last', 'e.occurred_at'),
      )
      .where('e.entity_ref', entityRef)
      .whereIn('e.type', types)
      .select(READ_COLUMNS.map(c => `e.${c}`))
      .orderBy([
        { column: 'e.environment' },
        { column: 'e.id', order: 'desc' },
      ]);
    // Two events at the same instant: the one stored last wins.
    const byEnvironment = new Map<string, CicdEventRow>();
    for (const row of rows) {
      if (!byEnvironment.has(row.environment ?? '')) {
        byEnvironment.set(row.environment ?? '', row);
      }
    }
    return [...byEnvironment.values()].map(eventFromRow);
  }

  /**
   * The run that produced a deployment: one in the same CDEvents chain,
   * else one whose events share the deployment's source (a workflow run
   * reporting its own deploy), else the run that packaged or published the
   * deployed artifact.
   */
  async findRunKeyFor(event: StoredCicdEvent): Promise<string | undefined> {
    const runTypes = ['pipelinerun.started', 'pipelinerun.finished'];
    const first = async (q: Knex.QueryBuilder) =>
      (await q.first('run_key'))?.run_key as string | undefined;
    if (event.chainId) {
      const key = await first(
        this.knex(CICD_EVENTS_TABLE)
          .where('chain_id', event.chainId)
          .whereIn('type', runTypes),
      );
      if (key) return key;
    }
    const bySource = await first(
      this.knex(CICD_EVENTS_TABLE)
        .where('source', event.source)
        .whereIn('type', runTypes),
    );
    if (bySource) return bySource;
    if (event.artifactId) {
      const artifact = await this.knex<CicdEventRow>(CICD_EVENTS_TABLE)
        .select('source', 'chain_id')
        .where('artifact_id', event.artifactId)
        .whereIn('type', ['artifact.packaged', 'artifact.published'])
        .first();
      if (artifact) {
        return first(
          this.knex(CICD_EVENTS_TABLE)
            .where(q => {
              q.where('source', artifact.source);
              if (artifact.chain_id) q.orWhere('chain_id', artifact.chain_id);
            })
            .whereIn('type', runTypes),
        );
      }
    }
    return undefined;
  }

  /** Events tied to no entity, newest first. */
  async listUnmatched(options: {
    limit: number;
    beforeId?: number;
  }): Promise<StoredCicdEvent[]> {
    const query = this.knex<CicdEventRow>(CICD_EVENTS_TABLE)
      .select<CicdEventRow[]>(READ_COLUMNS)
      .whereNull('entity_ref')
      .orderBy('id', 'desc')
      .limit(options.limit);
    if (options.beforeId !== undefined)
      query.where('id', '<', options.beforeId);
    return (await query).map(eventFromRow);
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, c => `\\${c}`);
}
