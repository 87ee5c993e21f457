import { createHash } from 'node:crypto';
import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
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
  ActionResponse,
  permissionForAction,
} from '@internal/plugin-delivery-common';
import type { Request } from 'express';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ClusterRequestError } from '../clusters/ClusterRequestError';
import { entityRolloutQuery } from '../entities/entityRolloutQuery';
import { fetchEntity } from '../entities/fetchEntity';
import {
  ActionAttempt,
  ReleaseHistoryStore,
  StoredAction,
} from '../history/ReleaseHistoryStore';
import { ownedReplicaSets } from '../rollouts/revisions';
import { planAction } from '../rollouts/RolloutActionPlanner';
import { RolloutDriver } from '../rollouts/RolloutDriver';
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
  /** For the audit log: who called from where. */
  request: Request;
}

export interface RolloutActionResult {
  /** 201 when the action was applied now, 200 when an earlier result is replayed. */
  status: 200 | 201;
  body: ActionResponse;
}

const VERBS = {
  promote: 'promote',
  promoteFull: 'fully promote',
  abort: 'abort',
  retry: 'retry',
  rollback: 'roll back',
} as const;

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

/**
 * Carries out a person's action on a Rollout: authorizes it on the catalog
 * entity, audits it, honours the Idempotency-Key, applies the Argo patch with
 * optimistic concurrency and records the outcome in the release history.
 */
export class RolloutActionService {
  readonly #catalog: CatalogService;
  readonly #clusters: ClusterRegistry;
  readonly #permissions: PermissionsService;
  readonly #auditor: AuditorService;
  readonly #history: ReleaseHistoryStore;

  constructor(options: {
    catalog: CatalogService;
    clusters: ClusterRegistry;
    permissions: PermissionsService;
    auditor: AuditorService;
    history: ReleaseHistoryStore;
  }) {
    this.#catalog = options.catalog;
    this.#clusters = options.clusters;
    this.#permissions = options.permissions;
    this.#auditor = options.auditor;
    this.#history = options.history;
  }

  async act(request: RolloutActionRequest): Promise<RolloutActionResult> {
    const { body, credentials } = request;
    const entityRef = stringifyEntityRef(request.entity);
    const auditorEvent = await this.#auditor.createEvent({
      eventId: 'rollout-action',
      severityLevel: 'medium',
      request: request.request,
      meta: {
        entityRef,
        cluster: request.cluster,
        namespace: request.namespace,
        rollout: request.rollout,
        action: body.action,
        revision: body.revision,
        reason: body.reason,
        idempotencyKey: request.idempotencyKey,
      },
    });

    // Set once the pending row is written; cleared once it is completed.
    let reservationId: string | undefined;
    let attempt: ActionAttempt | undefined;
    let reachedCluster = false;
    try {
      const entity = await fetchEntity(
        this.#catalog,
        request.entity,
        credentials,
      );
      const query = entityRolloutQuery(entity);
      await this.#authorize(entityRef, body, credentials);

      if (query.cluster && query.cluster !== request.cluster) {
        throw new NotFoundError(
          `Entity ${entityRef} runs only in cluster '${query.cluster}', not '${request.cluster}'`,
        );
      }
      const client = this.#clusters.get(request.cluster);

      attempt = {
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
      if (attempt.idempotencyKey) {
        const earlier = await this.#history.findByIdempotencyKey(
          attempt.actor,
          attempt.idempotencyKey,
        );
        const reservation = earlier
          ? { reserved: false as const, existing: earlier }
          : await this.#history.reserve(attempt);
        if (!reservation.reserved) {
          const record = this.#replay(attempt, reservation.existing);
          await auditorEvent.success({
            meta: {
              recordId: record.id,
              outcome: record.outcome,
              replayed: true,
            },
          });
          return { status: 200, body: { record } };
        }
        reservationId = reservation.id;
      }

      const reader = new RolloutReader(client);
      const rollout = await reader.findEntityRollout(
        query,
        request.namespace,
        request.rollout,
      );
      if (!rollout) {
        throw new NotFoundError(
          `No rollout ${request.namespace}/${request.rollout} of entity ${entityRef} in cluster '${request.cluster}'`,
        );
      }
      const seen = body.resourceVersion;
      if (seen && seen !== rollout.metadata.resourceVersion) {
        throw new ConflictError(
          `Rollout ${request.namespace}/${request.rollout} in cluster '${request.cluster}' changed since you looked at it (resourceVersion ${seen}, now ${rollout.metadata.resourceVersion}); reload it and decide again`,
        );
      }
      const objects = await reader.withDependents(rollout);
      const owned = ownedReplicaSets(rollout, objects.replicaSets);
      const planned = planAction(rollout, owned, body.action, body.revision);
      if (!planned.ok) {
        throw planned.notFound
          ? new NotFoundError(planned.reason)
          : new ConflictError(planned.reason);
      }

      reachedCluster = true;
      const applied = await new RolloutDriver(client).apply(
        rollout,
        planned.plan,
      );
      const outcome = {
        outcome: 'succeeded' as const,
        revisionBefore: planned.plan.revisionBefore,
        revisionAfter: planned.plan.revisionAfter,
      };
      const record = reservationId
        ? await this.#history.complete(reservationId, outcome)
        : await this.#history.record(attempt, outcome);
      reservationId = undefined;
      await auditorEvent.success({
        meta: {
          recordId: record.id,
          outcome: record.outcome,
          revisionBefore: record.revisionBefore,
          revisionAfter: record.revisionAfter,
        },
      });
      return {
        status: 201,
        body: {
          record,
          rollout: summarizeRollout(
            request.cluster,
            applied,
            objects.replicaSets,
            objects.analysisRuns,
          ),
        },
      };
    } catch (error) {
      await this.#recordFailure(error as Error, {
        attempt,
        reservationId,
        reachedCluster,
      });
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  }

  async #authorize(
    entityRef: string,
    body: ActionRequest,
    credentials: BackstageCredentials,
  ) {
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
      throw new NotAllowedError(
        `You may not ${
          VERBS[body.action]
        } rollouts of ${entityRef}; its owners and release managers may`,
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
   * An attempt that was sent to the cluster, or that a cluster failure
   * stopped, is history; one refused before (not found, not allowed, makes
   * no sense now) is only in the audit log.
   */
  async #recordFailure(
    error: Error,
    context: {
      attempt?: ActionAttempt;
      reservationId?: string;
      reachedCluster: boolean;
    },
  ) {
    const { attempt, reservationId, reachedCluster } = context;
    if (attempt && (reachedCluster || error instanceof ClusterRequestError)) {
      const outcome = { outcome: 'failed' as const, error: error.message };
      if (reservationId) {
        await this.#history.complete(reservationId, outcome);
      } else {
        await this.#history.record(attempt, outcome);
      }
    } else if (reservationId) {
      await this.#history.release(reservationId);
    }
  }
}
