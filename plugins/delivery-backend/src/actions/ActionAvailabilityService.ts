import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DELIVERY_ACTIONS,
  DeliveryAction,
  permissionForAction,
} from '@internal/plugin-delivery-common';
import { RolloutObjectSource } from '../clusters/RolloutObjectSource';
import { RolloutOwnership } from '../entities/RolloutOwnership';
import { ReleaseGateService } from '../gate/ReleaseGateService';
import { ownedReplicaSets } from '../rollouts/revisions';
import { RolloutObjects } from '../rollouts/RolloutReader';
import {
  ActionAvailability,
  decide,
  NOT_A_PERSON_REASON,
  notPermittedReason,
  stateRefusal,
} from './availability';

/**
 * The owning group as people know it (its display name or title), for the
 * reason a person may not act. The caller's own view of the catalog: an owner
 * they cannot read is named by its ref.
 */
export async function ownersOf(
  catalog: CatalogService,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<string | undefined> {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  const ref = stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
  const group = await catalog
    .getEntityByRef(ref, { credentials })
    .catch(() => undefined);
  const profile = (
    group?.spec as { profile?: { displayName?: string } } | undefined
  )?.profile;
  return profile?.displayName ?? group?.metadata.title ?? owner;
}

/** What one caller may do to an entity's rollouts; built once per read. */
export interface CallerActions {
  on(
    cluster: string,
    objects: RolloutObjects,
    source: RolloutObjectSource,
  ): Promise<ActionAvailability[]>;
}

/**
 * Gathers, for the caller, the facts `decide` orders: the policy's decisions
 * (one batched authorize call per entity), the ownership check, each action's
 * state refusal and the release gate's closed checks.
 */
export class ActionAvailabilityService {
  readonly #permissions: PermissionsService;
  readonly #catalog: CatalogService;
  readonly #ownership: RolloutOwnership;
  readonly #gate?: ReleaseGateService;

  constructor(options: {
    permissions: PermissionsService;
    catalog: CatalogService;
    ownership: RolloutOwnership;
    gate?: ReleaseGateService;
  }) {
    this.#permissions = options.permissions;
    this.#catalog = options.catalog;
    this.#ownership = options.ownership;
    this.#gate = options.gate;
  }

  async forCaller(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<CallerActions> {
    const notPermitted = await this.#permissionRefusals(entity, credentials);
    const entityRef = stringifyEntityRef(entity);
    return {
      on: async (cluster, objects, source) => {
        const { rollout, replicaSets } = objects;
        const owned = ownedReplicaSets(rollout, replicaSets);
        const notOwner = await this.#ownership
          .assertActingThroughOwner(entityRef, cluster, rollout, source)
          .then(
            () => undefined,
            error => {
              if (
                error instanceof NotAllowedError ||
                error instanceof ConflictError
              ) {
                return error.message;
              }
              throw error;
            },
          );
        const facts = DELIVERY_ACTIONS.map(action => ({
          action,
          notPermitted: notPermitted.get(action),
          notOwner,
          state: stateRefusal(rollout, owned, action),
        }));
        // The gate's checks are only worth evaluating for an action
        // nothing else rules out.
        const open = facts.filter(
          f => !f.notPermitted && !notOwner && !f.state,
        );
        const gate = this.#gate
          ? await this.#gate.whyClosed({
              entity,
              cluster,
              rollout,
              replicaSets,
              actions: open.map(f => f.action),
              credentials,
            })
          : new Map<DeliveryAction, string>();
        return facts.map(f => decide({ ...f, gate: gate.get(f.action) }));
      },
    };
  }

  /** The policy's refusals, one authorize call for every action. */
  async #permissionRefusals(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<Map<DeliveryAction, string>> {
    const refusals = new Map<DeliveryAction, string>();
    const principal = credentials.principal as { type?: string };
    if (principal.type !== 'user') {
      DELIVERY_ACTIONS.forEach(a => refusals.set(a, NOT_A_PERSON_REASON));
      return refusals;
    }
    const resourceRef = stringifyEntityRef(entity);
    const decisions = await this.#permissions.authorize(
      DELIVERY_ACTIONS.map(action => ({
        permission: permissionForAction(action),
        resourceRef,
      })),
      { credentials },
    );
    const denied = DELIVERY_ACTIONS.filter(
      (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
    );
    if (denied.length > 0) {
      const owners = await ownersOf(this.#catalog, entity, credentials);
      denied.forEach(a => refusals.set(a, notPermittedReason(a, owners)));
    }
    return refusals;
  }
}
