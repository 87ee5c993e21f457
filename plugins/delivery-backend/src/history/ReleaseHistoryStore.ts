import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DeliveryAction,
  ReleaseHistoryPage,
  ReleaseRecord,
  ReleaseStep,
} from '@internal/plugin-delivery-common';
import { Knex } from 'knex';

const TABLE = 'release_history';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-delivery-backend',
  'migrations',
);

/** Who asked for what, before anything happened. */
export type ActionAttempt = Pick<
  ReleaseRecord,
  | 'entityRef'
  | 'cluster'
  | 'namespace'
  | 'rollout'
  | 'action'
  | 'actor'
  | 'reason'
> & {
  idempotencyKey?: string;
  requestHash?: string;
};

/** How an attempt ended. */
export type ActionOutcome = Pick<
  ReleaseRecord,
  'outcome' | 'revisionBefore' | 'revisionAfter' | 'error' | 'reconciliation'
>;

/**
 * An action whose patch was (or may have been) sent while nobody can tell
 * whether it was applied: its answer was lost, or the instance sending it
 * stopped. Found by `unresolved` and settled by reading the Rollout back.
 */
export interface UnresolvedAction {
  id: string;
  record: ReleaseRecord;
  /** JSON written with the intent: what the Rollout looked like before. */
  evidence: string;
}

/** A row as stored, including what the API does not show. */
export interface StoredAction {
  record: ReleaseRecord;
  pending: boolean;
  /** Its patch may have been sent: only reading the Rollout settles it. */
  intended: boolean;
  requestHash?: string;
}

export type Reservation =
  | { reserved: true; id: string }
  | { reserved: false; existing: StoredAction };

export interface HistoryQuery {
  entityRef?: string;
  cluster?: string;
  action?: DeliveryAction;
  outcome?: ReleaseRecord['outcome'];
  limit: number;
  cursor?: string;
}

interface Row {
  id: string | number;
  entity_ref: string;
  cluster: string;
  namespace: string;
  rollout: string;
  action: DeliveryAction;
  actor: string;
  reason: string | null;
  revision_before: number | null;
  revision_after: number | null;
  outcome: 'pending' | ReleaseRecord['outcome'];
  error: string | null;
  claim_token?: string | null;
  evidence?: string | null;
  reconciliation?: string | null;
  /** JSON of a ReleaseStep. */
  step?: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: Date | string;
}

function isoOf(value: Date | string): string {
  return value instanceof Date
    ? value.toISOString()
    : new Date(value).toISOString();
}

function toRecord(row: Row): ReleaseRecord {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    rollout: row.rollout,
    action: row.action,
    actor: row.actor,
    reason: row.reason ?? undefined,
    revisionBefore: row.revision_before ?? undefined,
    revisionAfter: row.revision_after ?? undefined,
    outcome: row.outcome === 'pending' ? 'failed' : row.outcome,
    error: row.error ?? undefined,
    reconciliation: row.reconciliation ?? undefined,
    step: row.step ? JSON.parse(row.step) : undefined,
    createdAt: isoOf(row.created_at),
  };
}

function toStored(row: Row): StoredAction {
  return {
    record: toRecord(row),
    pending: row.outcome === 'pending',
    intended: Boolean(row.evidence),
    requestHash: row.request_hash ?? undefined,
  };
}

function encodeCursor(record: ReleaseRecord): string {
  return Buffer.from(
    JSON.stringify({ t: record.createdAt, id: record.id }),
  ).toString('base64url');
}

function decodeCursor(cursor: string): { t: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      typeof value.t === 'string' &&
      !Number.isNaN(Date.parse(value.t)) &&
      /^\d+$/.test(value.id)
    ) {
      return { t: new Date(value.t).toISOString(), id: value.id };
    }
  } catch {
    // reported below
  }
  throw new InputError(
    `Query parameter 'cursor' is not a cursor this API returned`,
  );
}

const ABANDON_PENDING_AFTER_MS = 10 * 60_000;

const ABANDONED_MESSAGE =
  'The portal stopped before it sent the action to the cluster, so it was not applied';

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * The release history, in the plugin's database. Timestamps are written by
 * the backend as ISO strings with milliseconds, so that ordering and cursors
 * behave the same on SQLite and PostgreSQL.
 */
export class ReleaseHistoryStore {
  readonly #db: Knex;
  readonly #abandonAfterMs: number;

  static async create(options: {
    database: DatabaseService;
  }): Promise<ReleaseHistoryStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new ReleaseHistoryStore(db);
  }

  /**
   * @param abandonAfterMs - how old a pending reservation must be before a
   *   new request with its key may take it over: the backend that made it
   *   stopped before the cluster answered (a live one answers within the
   *   cluster request timeout).
   */
  constructor(db: Knex, options: { abandonAfterMs?: number } = {}) {
    this.#db = db;
    this.#abandonAfterMs = options.abandonAfterMs ?? ABANDON_PENDING_AFTER_MS;
  }

  async findByIdempotencyKey(
    actor: string,
    idempotencyKey: string,
  ): Promise<StoredAction | undefined> {
    const row = await this.#db<Row>(TABLE)
      .where({ actor, idempotency_key: idempotencyKey })
      .first();
    return row ? toStored(row) : undefined;
  }

  /**
   * Claims an idempotency key with a pending row before the cluster is
   * touched, so that of two requests racing with the same key only one acts.
   */
  async reserve(attempt: ActionAttempt, retried = false): Promise<Reservation> {
    try {
      const [inserted] = await this.#db<Row>(TABLE)
        .insert(this.#newRow(attempt, { outcome: 'pending' }))
        .returning('id');
      return { reserved: true, id: String(inserted.id) };
    } catch (error) {
      if (!isUniqueViolation(error) || !attempt.idempotencyKey) {
        throw error;
      }
      const existing = await this.findByIdempotencyKey(
        attempt.actor,
        attempt.idempotencyKey,
      );
      if (!existing) {
        throw error;
      }
      if (
        !retried &&
        existing.pending &&
        !existing.intended &&
        Date.now() - Date.parse(existing.record.createdAt) >
          this.#abandonAfterMs
      ) {
        await this.complete(existing.record.id, {
          outcome: 'failed',
          error: ABANDONED_MESSAGE,
        });
        return this.reserve(attempt, true);
      }
      return { reserved: false, existing };
    }
  }

  /** Drops a reservation for a request that was refused before it acted. */
  async release(id: string): Promise<void> {
    await this.#db<Row>(TABLE).where({ id, outcome: 'pending' }).delete();
  }

  /**
   * Records how a reserved attempt ended. A failed attempt gives its key
   * back, so that the client may retry with the same key.
   */
  async complete(id: string, outcome: ActionOutcome): Promise<ReleaseRecord> {
    // Only an open row: one another instance settled stays as it settled it.
    await this.#db<Row>(TABLE)
      .where({ id })
      .whereIn('outcome', ['pending', 'unknown'])
      .update({
        outcome: outcome.outcome,
        // Kept as the intent wrote them unless the outcome says otherwise.
        ...(outcome.revisionBefore === undefined
          ? {}
          : { revision_before: outcome.revisionBefore }),
        ...(outcome.revisionAfter === undefined
          ? {}
          : { revision_after: outcome.revisionAfter }),
        error: outcome.error ?? null,
        reconciliation: outcome.reconciliation ?? null,
        ...(outcome.outcome === 'failed'
          ? { idempotency_key: null, request_hash: null }
          : {}),
      });
    const row = await this.#db<Row>(TABLE).where({ id }).first();
    return toRecord(row!);
  }

  /**
   * Writes down, before the patch is sent, that the action is about to reach
   * the cluster under `claimToken`, and what the Rollout looked like: if the
   * instance stops before the answer, another one settles it from this.
   * Returns the row to complete.
   */
  async intend(
    attempt: ActionAttempt,
    reservationId: string | undefined,
    intent: {
      claimToken: string;
      evidence: string;
      revisionBefore?: number;
      revisionAfter?: number;
      step?: ReleaseStep;
    },
  ): Promise<string> {
    const columns = {
      claim_token: intent.claimToken,
      evidence: intent.evidence,
      revision_before: intent.revisionBefore ?? null,
      revision_after: intent.revisionAfter ?? null,
      step: intent.step ? JSON.stringify(intent.step) : null,
    };
    if (reservationId) {
      await this.#db<Row>(TABLE).where({ id: reservationId }).update(columns);
      return reservationId;
    }
    const row = {
      ...this.#newRow(
        { ...attempt, idempotencyKey: undefined, requestHash: undefined },
        { outcome: 'pending' },
      ),
      ...columns,
    };
    const [inserted] = await this.#db<Row>(TABLE).insert(row).returning('id');
    return String(inserted.id);
  }

  /**
   * Actions nobody can tell the outcome of yet: those recorded `unknown`,
   * and those left `pending` by an instance that stopped after writing its
   * intent, i.e. whose claim on the Rollout was given back or expired
   * (claimed before `claimedBefore`) without the row being completed.
   */
  async unresolved(options: {
    claimedBefore: Date;
    limit: number;
  }): Promise<UnresolvedAction[]> {
    const rows: Row[] = await this.#db<Row>(`${TABLE} as h`)
      .leftJoin('rollout_action_claims as c', join =>
        join
          .on('c.cluster', 'h.cluster')
          .andOn('c.namespace', 'h.namespace')
          .andOn('c.rollout', 'h.rollout'),
      )
      .whereNotNull('h.evidence')
      .andWhere(open =>
        open
          // Unknown and not given up on: the Rollout could not be read yet.
          .where(lost =>
            lost.where('h.outcome', 'unknown').whereNull('h.reconciliation'),
          )
          .orWhere(orphan =>
            orphan
              .where('h.outcome', 'pending')
              .andWhere(gone =>
                gone
                  .whereNull('c.holder')
                  .orWhereRaw('c.holder <> h.claim_token')
                  .orWhere(
                    'c.claimed_at',
                    '<',
                    options.claimedBefore.toISOString(),
                  ),
              ),
          ),
      )
      .orderBy('h.id')
      .limit(options.limit)
      .select('h.*');
    return rows.map(row => ({
      id: String(row.id),
      record: toRecord(row),
      evidence: row.evidence!,
    }));
  }

  /** Records an attempt that reserved nothing (no idempotency key). */
  async record(
    attempt: ActionAttempt,
    outcome: ActionOutcome,
  ): Promise<ReleaseRecord> {
    const row = this.#newRow(
      { ...attempt, idempotencyKey: undefined, requestHash: undefined },
      outcome,
    );
    const [inserted] = await this.#db<Row>(TABLE).insert(row).returning('id');
    return toRecord({ ...row, id: inserted.id } as Row);
  }

  /** Finished actions, newest first, a page at a time. */
  async list(query: HistoryQuery): Promise<ReleaseHistoryPage> {
    const builder = this.#db<Row>(TABLE)
      .whereNot('outcome', 'pending')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit + 1);
    if (query.entityRef) builder.where('entity_ref', query.entityRef);
    if (query.cluster) builder.where('cluster', query.cluster);
    if (query.action) builder.where('action', query.action);
    if (query.outcome) builder.where('outcome', query.outcome);
    if (query.cursor) {
      const { t, id } = decodeCursor(query.cursor);
      builder.where(inner =>
        inner
          .where('created_at', '<', t)
          .orWhere(same =>
            same.where('created_at', '=', t).andWhere('id', '<', id),
          ),
      );
    }
    const rows = await builder;
    const items = rows.slice(0, query.limit).map(toRecord);
    return {
      items,
      nextCursor:
        rows.length > query.limit
          ? encodeCursor(items[items.length - 1])
          : undefined,
    };
  }

  #newRow(
    attempt: ActionAttempt,
    outcome: Omit<ActionOutcome, 'outcome'> & { outcome: Row['outcome'] },
  ) {
    return {
      entity_ref: attempt.entityRef,
      cluster: attempt.cluster,
      namespace: attempt.namespace,
      rollout: attempt.rollout,
      action: attempt.action,
      actor: attempt.actor,
      reason: attempt.reason ?? null,
      revision_before: outcome.revisionBefore ?? null,
      revision_after: outcome.revisionAfter ?? null,
      outcome: outcome.outcome,
      error: outcome.error ?? null,
      idempotency_key: attempt.idempotencyKey ?? null,
      request_hash: attempt.requestHash ?? null,
      created_at: new Date().toISOString(),
    };
  }
}
