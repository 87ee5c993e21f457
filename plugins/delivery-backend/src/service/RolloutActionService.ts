import { createHash } from 'node:crypto';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionRequest,
  permissionForAction,
  ReleaseRecord,
  RolloutSummary,
} from '@internal/plugin-delivery-common';
import { ownersOf } from '../actions/ActionAvailabilityService';
import { notPermittedReason } from '../actions/availability';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { entityRolloutQuery } from '../entities/entityRolloutQuery';
import { fetchEntity } from '../entities/fetchEntity';
import { RolloutOwnership } from '../entities/RolloutOwnership';
import {
  ActionAttempt,
  ReleaseHistoryStore,
  StoredAction,
} from '../history/ReleaseHistoryStore';
import { ActionEvidence } from '../rollouts/actionEvidence';
import {
  Claim,
  LastAction,
  RolloutActionClaims,
} from '../history/RolloutActionClaims';
import { ownedReplicaSets } from '../rollouts/revisions';
import { evidenceOf } from '../rollouts/actionEvidence';
import { podTemplateHashOf, revisionOf } from '../rollouts/kubernetesTypes';
import { ClusterRequestError } from '../clusters/ClusterRequestError';
import { ActionReconciler } from './ActionReconciler';
import { ReleaseGateService } from '../gate/ReleaseGateService';
import { planAction } from '../rollouts/RolloutActionPlanner';
import { RolloutDriver, wasPartlyApplied } from '../rollouts/RolloutDriver';
import { RolloutReader } from '../rollouts/RolloutReader';
import { summarizeRollout } from '../rollouts/summarizeRollout';

export interface RolloutActionRequest {
  entity: CompoundEntityRef;
  cluster: string;
  namespace: string;
  rollout: string;
  body: ActionRequest;
  idempotencyKey?: string;
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  /** When the request reached the backend. */
  receivedAt: Date;
}

/** What became of an action. */
export type RolloutActionResult =
  | {
      /** Applied now, and recorded. */
      replayed: false;
      record: ReleaseRecord;
      rollout: RolloutSummary;
    }
  | {
      /** An earlier request with the same Idempotency-Key, answered again. */
      replayed: true;
      record: ReleaseRecord;
    };

function requestHashOf(entityRef: string, request: RolloutActionRequest) {
  const canonical = JSON.stringify([
    entityRef,
    request.cluster,
    request.namespace,
    request.rollout,
    request.body.action,
    request.body.revision ?? null,
    request.body.reason ?? null,
    request.body.resourceVersion ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function busy(name: string, claim: Exclude<Claim, { claimed: true }>) {
  return new ConflictError(
    `Another action is being applied to rollout ${name} right now (${claim.by.action} by ${claim.by.actor}, since ${claim.since}); reload it when that finishes and decide again`,
  );
}

/**
 * How long after an action the same action without a resourceVersion is
 * taken for the same request sent again (a double click, a retrying script,
 * a crowd), rather than a new decision: long enough to cover requests queued
 * behind the first, short enough not to get in the way of a person.
 */
const SAME_REQUEST_WINDOW_MS = 10_000;

/**
 * Without a resourceVersion the backend cannot know what the caller saw, so
 * it refuses what it cannot tell apart from a state the caller never saw:
 * an action that finished after the request arrived, and the very same
 * action finished moments before it.
 */
function overtaken(
  name: string,
  action: string,
  receivedAt: Date,
  last: LastAction | undefined,
) {
  if (!last) return undefined;
  const at = Date.parse(last.at);
  const what = `${last.action} by ${last.actor} at ${last.at}`;
  if (at > receivedAt.getTime()) {
    return new ConflictError(
      `Rollout ${name} was acted on after your request arrived (${what}); reload it and decide again`,
    );
  }
  if (
    last.action === action &&
    receivedAt.getTime() - at < SAME_REQUEST_WINDOW_MS
  ) {
    return new ConflictError(
      `Rollout ${name} was just acted on the same way (${what}), so this looks like the same request again; to ${action} once more, send the resourceVersion you decided on`,
    );
  }
  return undefined;
}

/** The cluster refused the patch outright: nothing of it was applied. */
function changedNothing(error: Error): boolean {
  return (
    (error instanceof ConflictError || error instanceof NotFoundError) &&
    !wasPartlyApplied(error)
  );
}

/**
 * Carries out a person's action on a Rollout: authorizes it on the catalog
 * entity, honours the Idempotency-Key, acts on each Rollout one request at a
 * time and only on the state the request was decided on, applies the Argo
 * patch with optimistic concurrency and records the outcome in the release
 * history. It knows nothing of HTTP; the router answers and audits.
 */
export class RolloutActionService {
  readonly #catalog: CatalogService;
  readonly #clusters: ClusterRegistry;
  readonly #permissions: PermissionsService;
  readonly #history: ReleaseHistoryStore;
  readonly #claims: RolloutActionClaims;
  readonly #ownership: RolloutOwnership;
  readonly #gate?: ReleaseGateService;
  readonly #reconciler: ActionReconciler;

  constructor(options: {
    catalog: CatalogService;
    clusters: ClusterRegistry;
    permissions: PermissionsService;
    history: ReleaseHistoryStore;
    claims: RolloutActionClaims;
    ownership: RolloutOwnership;
    /** Holds promotions into gated environments until the gate is open. */
    gate?: ReleaseGateService;
    /** Finds out what became of an action whose answer was lost. */
    reconciler: ActionReconciler;
  }) {
    this.#catalog = options.catalog;
    this.#clusters = options.clusters;
    this.#permissions = options.permissions;
    this.#history = options.history;
    this.#claims = options.claims;
    this.#ownership = options.ownership;
    this.#gate = options.gate;
    this.#reconciler = options.reconciler;
  }

  async act(request: RolloutActionRequest): Promise<RolloutActionResult> {
    const { body, credentials } = request;
    const entityRef = stringifyEntityRef(request.entity);
    const entity = await fetchEntity(
      this.#catalog,
      request.entity,
      credentials,
    );
    const query = entityRolloutQuery(entity);
    await this.#authorize(entity, body, credentials);
    if (query.cluster && query.cluster !== request.cluster) {
      throw new NotFoundError(
        `Entity ${entityRef} runs only in cluster '${query.cluster}', not '${request.cluster}'`,
      );
    }
    const client = this.#clusters.get(request.cluster);

    const attempt: ActionAttempt = {
      entityRef,
      cluster: request.cluster,
      namespace: request.namespace,
      rollout: request.rollout,
      action: body.action,
      actor: credentials.principal.userEntityRef,
      reason: body.reason,
      idempotencyKey: request.idempotencyKey,
      requestHash: request.idempotencyKey
        ? requestHashOf(entityRef, request)
        : undefined,
    };
    let reservationId: string | undefined;
    if (attempt.idempotencyKey) {
      const earlier = await this.#history.findByIdempotencyKey(
        attempt.actor,
        attempt.idempotencyKey,
      );
      const reservation = earlier
        ? { reserved: false as const, existing: earlier }
        : await this.#history.reserve(attempt);
      if (!reservation.reserved) {
        return {
          replayed: true,
          record: this.#replay(attempt, reservation.existing),
        };
      }
      reservationId = reservation.id;
    }

    try {
      return await this.#actClaimed({
        request,
        attempt,
        reservationId,
        client,
        query,
      });
    } catch (error) {
      if (reservationId) {
        await this.#history.release(reservationId);
      }
      throw error;
    }
  }

  async #actClaimed(context: {
    request: RolloutActionRequest;
    attempt: ActionAttempt;
    reservationId?: string;
    client: ReturnType<ClusterRegistry['get']>;
    query: ReturnType<typeof entityRolloutQuery>;
  }): Promise<RolloutActionResult> {
    const { request, attempt, reservationId, client, query } = context;
    const name = `${request.namespace}/${request.rollout} in cluster '${request.cluster}'`;
    const key = {
      cluster: request.cluster,
      namespace: request.namespace,
      rollout: request.rollout,
    };
    const intent = { action: attempt.action, actor: attempt.actor };
    const claim = await this.#claims.claim(key, intent);
    if (!claim.claimed) {
      throw busy(name, claim);
    }

    let reachedCluster = false;
    try {
      const reader = new RolloutReader(client);
      const rollout = await reader.findEntityRollout(
        query,
        request.namespace,
        request.rollout,
      );
      if (!rollout) {
        throw new NotFoundError(
          `No rollout ${request.namespace}/${request.rollout} of entity ${attempt.entityRef} in cluster '${request.cluster}'`,
        );
      }
      await this.#ownership.assertActingThroughOwner(
        attempt.entityRef,
        request.cluster,
        rollout,
        client,
      );
      const seen = request.body.resourceVersion;
      if (seen && seen !== rollout.metadata.resourceVersion) {
        throw new ConflictError(
          `Rollout ${name} changed since you looked at it (resourceVersion ${seen}, now ${rollout.metadata.resourceVersion}); reload it and decide again`,
        );
      }
      const objects = await reader.withDependents(rollout);
      const owned = ownedReplicaSets(rollout, objects.replicaSets);
      const planned = planAction(
        rollout,
        owned,
        request.body.action,
        request.body.revision,
      );
      if (!planned.ok) {
        throw planned.notFound
          ? new NotFoundError(planned.reason)
          : new ConflictError(planned.reason);
      }
      const stale = seen
        ? undefined
        : overtaken(name, request.body.action, request.receivedAt, claim.last);
      if (stale) {
        throw stale;
      }
      // On the state just read: the patch below is guarded by its resourceVersion.
      await this.#gate?.assertOpen({
        entity: request.entity,
        cluster: request.cluster,
        rollout,
        replicaSets: objects.replicaSets,
        action: request.body.action,
        credentials: request.credentials,
      });

      // Written before the patch is sent, so that whatever happens to the
      // answer or to this instance, the action is in the history to settle.
      const target =
        planned.plan.patch.type === 'template'
          ? owned.find(rs => revisionOf(rs) === planned.plan.revisionAfter)
          : undefined;
      const evidence = evidenceOf(
        rollout,
        request.body.action,
        target && podTemplateHashOf(target),
      );
      const intentId = await this.#history.intend(attempt, reservationId, {
        claimToken: claim.token,
        evidence: JSON.stringify(evidence),
        revisionBefore: planned.plan.revisionBefore,
        revisionAfter: planned.plan.revisionAfter,
        step: planned.plan.step,
      });
      reachedCluster = true;
      let applied;
      try {
        applied = await new RolloutDriver(client).apply(rollout, planned.plan);
      } catch (error) {
        const settled = await this.#recordClusterFailure(
          error as Error,
          intentId,
          evidence,
        );
        // A refusal that changed nothing leaves the state the next request
        // decides on as it was, so it is not the rollout's last action.
        reachedCluster = settled.reachedCluster;
        throw settled.error;
      }
      const record = await this.#history.complete(intentId, {
        outcome: 'succeeded' as const,
        revisionBefore: planned.plan.revisionBefore,
        revisionAfter: planned.plan.revisionAfter,
      });
      return {
        replayed: false,
        record,
        rollout: summarizeRollout(
          request.cluster,
          applied,
          objects.replicaSets,
          objects.analysisRuns,
        ),
      };
    } finally {
      await this.#claims.release(key, claim.token, {
        ...intent,
        reachedCluster,
      });
    }
  }

  async #authorize(
    entity: Entity,
    body: ActionRequest,
    credentials: BackstageCredentials,
  ) {
    const entityRef = stringifyEntityRef(entity);
    const [decision] = await this.#permissions.authorize(
      [
        {
          permission: permissionForAction(body.action),
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      // The same words as the rollouts read gives the page (actions/availability).
      throw new NotAllowedError(
        notPermittedReason(
          body.action,
          await ownersOf(this.#catalog, entity, credentials),
        ),
      );
    }
  }

  /** The answer to a repeated Idempotency-Key. */
  #replay(attempt: ActionAttempt, earlier: StoredAction) {
    const key = attempt.idempotencyKey;
    if (
      earlier.record.entityRef !== attempt.entityRef ||
      earlier.requestHash !== attempt.requestHash
    ) {
      throw new ConflictError(
        `Idempotency-Key '${key}' was already used for a different request (${earlier.record.action} of ${earlier.record.cluster}/${earlier.record.namespace}/${earlier.record.rollout} for ${earlier.record.entityRef}); use a new key for a new action`,
      );
    }
    if (earlier.pending) {
      throw new ConflictError(
        `A request with Idempotency-Key '${key}' is still being carried out; retry shortly to get its result`,
      );
    }
    return earlier.record;
  }

  /**
   * A patch the cluster refused for a stale resourceVersion changed nothing:
   * a lost race, answered 409 and kept out of the history, as is a Rollout
   * deleted before the patch reached it (404). A partly applied action is
   * history as it failed. Anything else the cluster said or failed to say
   * (a 5xx, a timeout, a dropped connection) may have come after the write
   * was applied, so the Rollout is read back to tell, and the answer says
   * what it showed.
   */
  async #recordClusterFailure(
    error: Error,
    intentId: string,
    evidence: ActionEvidence,
  ): Promise<{ error: Error; reachedCluster: boolean }> {
    if (changedNothing(error)) {
      await this.#history.release(intentId);
      return { error, reachedCluster: false };
    }
    const pending = await this.#history.complete(intentId, {
      outcome: wasPartlyApplied(error) ? 'failed' : 'unknown',
      error: error.message,
    });
    if (wasPartlyApplied(error) || !(error instanceof ClusterRequestError)) {
      return { error, reachedCluster: true };
    }
    const { record, summary } = await this.#reconciler.settleLost(
      intentId,
      pending,
      evidence,
      error.message,
    );
    return {
      error: new ClusterRequestError({
        cluster: error.cluster,
        statusCode: error.statusCode,
        message: `${error.message}; ${summary}`,
      }),
      reachedCluster: record.outcome !== 'failed',
    };
  }
}
