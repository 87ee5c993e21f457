import { DeliveryAction } from '@internal/plugin-delivery-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

const TABLE = 'rollout_action_claims';

/** A Rollout in a cluster. */
export interface RolloutKey {
  cluster: string;
  namespace: string;
  rollout: string;
}

/** Who acts, and how. */
export interface ClaimIntent {
  action: DeliveryAction;
  actor: string;
}

/** The last action through the portal that reached the Rollout. */
export interface LastAction extends ClaimIntent {
  /** When it finished, ISO 8601. */
  at: string;
}

export type Claim =
  | { claimed: true; token: string; last?: LastAction }
  | {
      claimed: false;
      /** Another request is acting on the Rollout right now. */
      by: ClaimIntent;
      since: string;
    };

interface Row {
  cluster: string;
  namespace: string;
  rollout: string;
  version: number | string;
  holder: string | null;
  holder_action: DeliveryAction | null;
  holder_actor: string | null;
  claimed_at: Date | string | null;
  last_action: DeliveryAction | null;
  last_actor: string | null;
  last_acted_at: Date | string | null;
}

/**
 * A backend instance answers (or fails) within the cluster request timeout;
 * a claim older than this belongs to one that stopped mid-action.
 */
const STALE_AFTER_MS = 2 * 60_000;

function iso(value: Date | string | null): string | undefined {
  if (value === null) return undefined;
  return new Date(value).toISOString();
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/**
 * Serializes actions per Rollout across every backend instance that shares
 * the plugin's database, and remembers the last action that reached each
 * Rollout, so that the caller can tell a new decision from the same request
 * sent again.
 *
 * The guard is a row in the database rather than an advisory lock so that it
 * works the same on SQLite and PostgreSQL, and so that a claim left behind by
 * a stopped instance expires instead of blocking the Rollout for good.
 */
export class RolloutActionClaims {
  readonly #db: Knex;
  readonly #staleAfterMs: number;

  constructor(db: Knex, options: { staleAfterMs?: number } = {}) {
    this.#db = db;
    this.#staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  }

  /** Claims the Rollout for one action, if nobody is acting on it. */
  async claim(key: RolloutKey, intent: ClaimIntent): Promise<Claim> {
    const token = randomUUID();
    const now = new Date();
    const claimed = {
      holder: token,
      holder_action: intent.action,
      holder_actor: intent.actor,
      claimed_at: now.toISOString(),
    };
    const updated = await this.#db<Row>(TABLE)
      .where(key)
      .andWhere(free =>
        free
          .whereNull('holder')
          .orWhere(
            'claimed_at',
            '<',
            new Date(now.getTime() - this.#staleAfterMs).toISOString(),
          ),
      )
      .update(claimed);
    const row = await this.#db<Row>(TABLE).where(key).first();
    if (updated === 1 && row?.holder === token) {
      return {
        claimed: true,
        token,
        last:
          row.last_action && row.last_acted_at
            ? {
                action: row.last_action,
                actor: row.last_actor ?? 'unknown',
                at: iso(row.last_acted_at)!,
              }
            : undefined,
      };
    }
    if (!row) {
      try {
        await this.#db<Row>(TABLE).insert({ ...key, version: 0, ...claimed });
        return { claimed: true, token };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another request created the row first: claim against it.
        return this.claim(key, intent);
      }
    }
    return {
      claimed: false,
      by: {
        action: row.holder_action ?? intent.action,
        actor: row.holder_actor ?? 'unknown',
      },
      since: iso(row.claimed_at) ?? now.toISOString(),
    };
  }

  /**
   * Gives the Rollout back. An action that reached the cluster becomes the
   * last action: the state requests were decided on before it is gone (or,
   * after a timeout, may be).
   */
  async release(
    key: RolloutKey,
    token: string,
    intent: ClaimIntent & { reachedCluster: boolean },
  ): Promise<void> {
    await this.#db<Row>(TABLE)
      .where(key)
      .andWhere('holder', token)
      .update({
        holder: null,
        holder_action: null,
        holder_actor: null,
        claimed_at: null,
        ...(intent.reachedCluster
          ? {
              version: this.#db.raw('version + 1'),
              last_action: intent.action,
              last_actor: intent.actor,
              last_acted_at: new Date().toISOString(),
            }
          : {}),
      });
  }
}
