import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const DECISIONS = 'release_gate_decisions';
const NOTICES = 'release_gate_notices';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-delivery-backend',
  'migrations',
);

/** Which Rollout a decision is about. */
export interface RolloutRef {
  cluster: string;
  namespace: string;
  rollout: string;
}

export type GateDecisionKind = 'approved' | 'refused' | 'overridden';

/** A release manager's decision, tied to the revision it was made for. */
export interface GateDecision extends RolloutRef {
  id: string;
  entityRef: string;
  podTemplateHash: string;
  images: string[];
  decision: GateDecisionKind;
  checkId?: string;
  reason?: string;
  actor: string;
  createdAt: string;
}

interface DecisionRow {
  id: string | number;
  entity_ref: string;
  cluster: string;
  namespace: string;
  rollout: string;
  pod_template_hash: string;
  images: string;
  decision: GateDecisionKind;
  check_id: string | null;
  reason: string | null;
  actor: string;
  created_at: string;
}

function toDecision(row: DecisionRow): GateDecision {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    rollout: row.rollout,
    podTemplateHash: row.pod_template_hash,
    images: JSON.parse(row.images),
    decision: row.decision,
    checkId: row.check_id ?? undefined,
    reason: row.reason ?? undefined,
    actor: row.actor,
    createdAt: row.created_at,
  };
}

/**
 * Approvals, refusals and overrides at the gate, and the once-per-revision
 * notices (a release waiting, an automatic abort).
 */
export class GateDecisionStore {
  readonly #db: Knex;

  static async create(options: {
    database: DatabaseService;
  }): Promise<GateDecisionStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new GateDecisionStore(db);
  }

  constructor(db: Knex) {
    this.#db = db;
  }

  async add(
    decision: Omit<GateDecision, 'id' | 'createdAt'>,
  ): Promise<GateDecision> {
    const row = {
      entity_ref: decision.entityRef,
      cluster: decision.cluster,
      namespace: decision.namespace,
      rollout: decision.rollout,
      pod_template_hash: decision.podTemplateHash,
      images: JSON.stringify(decision.images),
      decision: decision.decision,
      check_id: decision.checkId ?? null,
      reason: decision.reason ?? null,
      actor: decision.actor,
      created_at: new Date().toISOString(),
    };
    const [inserted] = await this.#db<DecisionRow>(DECISIONS)
      .insert(row)
      .returning('id');
    const id = typeof inserted === 'object' ? inserted.id : inserted;
    return toDecision({ ...row, id });
  }

  /** The decisions made for one revision of a Rollout, oldest first. */
  async forRevision(
    ref: RolloutRef,
    podTemplateHash: string,
  ): Promise<GateDecision[]> {
    const rows = await this.#db<DecisionRow>(DECISIONS)
      .where({
        cluster: ref.cluster,
        namespace: ref.namespace,
        rollout: ref.rollout,
        pod_template_hash: podTemplateHash,
      })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toDecision);
  }

  /** An entity's decisions, newest first, for its timeline. */
  async forEntity(entityRef: string, limit = 50): Promise<GateDecision[]> {
    const rows = await this.#db<DecisionRow>(DECISIONS)
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toDecision);
  }

  /**
   * Claims a notice for a revision. Only the first caller, across every
   * backend instance on the database, gets true: the primary key decides.
   */
  async claimNotice(
    ref: RolloutRef,
    podTemplateHash: string,
    kind: 'waiting' | 'auto-abort',
    entityRef: string,
    detail?: string,
  ): Promise<boolean> {
    const inserted = await this.#db(NOTICES)
      .insert({
        cluster: ref.cluster,
        namespace: ref.namespace,
        rollout: ref.rollout,
        pod_template_hash: podTemplateHash,
        kind,
        entity_ref: entityRef,
        detail: detail ?? null,
        created_at: new Date().toISOString(),
      })
      .onConflict([
        'cluster',
        'namespace',
        'rollout',
        'pod_template_hash',
        'kind',
      ])
      .ignore()
      .returning('cluster');
    return inserted.length > 0;
  }

  /** Gives a notice back when what it announced could not be done. */
  async releaseNotice(
    ref: RolloutRef,
    podTemplateHash: string,
    kind: 'waiting' | 'auto-abort',
  ): Promise<void> {
    await this.#db(NOTICES)
      .where({ ...ref, pod_template_hash: podTemplateHash, kind })
      .delete();
  }
}
