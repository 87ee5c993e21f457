import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { EntityRolloutsResponse } from '@internal/plugin-delivery-common';
import { RequestHandler } from 'express';

/** How long an answer may be reused when nothing the portal sees changed. */
export const DEFAULT_ENTITY_ROLLOUTS_TTL_MS = 1_000;

const DEFAULT_MAX_ENTRIES = 2_000;

interface Entry {
  expiresAt: number;
  response: Promise<EntityRolloutsResponse>;
}

/** Whose answer it is: what the caller may see and do differs per caller. */
export function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user') return `user:${principal.userEntityRef}`;
  if (principal.type === 'service') return `service:${principal.subject}`;
  return `${principal.type ?? 'unknown'}:`;
}

/**
 * The answers of the entity rollouts endpoint, per caller and entity, for a
 * moment. Every open Delivery tab polls, and people look at the same few
 * services, so most reads would build the same answer again: the catalog
 * lookup, the permission decisions, the ownership check and the summaries.
 *
 * An answer is dropped as soon as anything it is built from changes in this
 * instance: any change the watch-fed cache sees, and any write to the
 * delivery API (an action, an approval), so a person never waits for the TTL
 * after a change. What can change elsewhere (the catalog, the permission
 * policy, another backend instance's writes, a watch going stale) shows
 * within the TTL, one second by default. Identical reads arriving together
 * share one computation. Failures are not kept.
 */
export class EntityRolloutsResponseCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(
    options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
  ) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_ENTITY_ROLLOUTS_TTL_MS;
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.#now = options.now ?? Date.now;
  }

  /** The caller's answer for the entity, reused or built by `build`. */
  get(
    caller: string,
    entity: { kind: string; namespace: string; name: string },
    build: () => Promise<EntityRolloutsResponse>,
  ): Promise<EntityRolloutsResponse> {
    const key = `${caller}|${entity.kind}:${entity.namespace}/${entity.name}`;
    const now = this.#now();
    const found = this.#entries.get(key);
    if (found && found.expiresAt > now) {
      return found.response;
    }
    const response = build();
    const entry = { expiresAt: now + this.#ttlMs, response };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#evictOldest();
    response.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return response;
  }

  /**
   * Forgets every answer, including those being built right now: a build
   * that started before the change finishes for its own callers only.
   */
  invalidate(): void {
    this.#entries.clear();
  }

  /** Middleware that invalidates after every write request it sees finish. */
  invalidateOnWrites(): RequestHandler {
    return (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.on('finish', () => this.invalidate());
      }
      next();
    };
  }

  #evictOldest(): void {
    // Map iteration follows insertion order, and a rebuilt entry is
    // re-inserted, so the first key is the one built longest ago.
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) return;
      this.#entries.delete(oldest);
    }
  }
}
