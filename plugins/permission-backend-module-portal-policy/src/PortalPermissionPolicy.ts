import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  RESOURCE_TYPE_CATALOG_ENTITY,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  deliveryPermissions,
  deliveryReleaseApprovePermission,
} from '@internal/plugin-delivery-common';

/**
 * Who the policy trusts with what.
 *
 * @public
 */
export interface PortalPolicyOptions {
  /** Groups whose members may act on every service's rollouts. */
  releaseManagers: string[];
  /** Groups whose members may write anything to the catalog. */
  catalogAdmins: string[];
  /** Plugins that may register locations on behalf of a person. */
  registeringPlugins: string[];
}

const DEFAULTS: PortalPolicyOptions = {
  releaseManagers: ['group:default/release-managers'],
  catalogAdmins: ['group:default/platform'],
  registeringPlugins: ['scaffolder'],
};

const deliveryPermissionNames = new Set(deliveryPermissions.map(p => p.name));

/** Writes that add to the catalog: for admins, and through the scaffolder. */
const registering = new Set([
  catalogLocationCreatePermission.name,
  catalogEntityCreatePermission.name,
]);

/** Writes to what an entity is or whether it exists: owners and admins. */
const entityWrites = new Set([
  catalogEntityRefreshPermission.name,
  catalogEntityDeletePermission.name,
]);

const allow: PolicyDecision = { result: AuthorizeResult.ALLOW };
const deny: PolicyDecision = { result: AuthorizeResult.DENY };

function groupRefs(refs: string[]): Set<string> {
  return new Set(
    refs.map(ref =>
      stringifyEntityRef(
        parseEntityRef(ref, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ),
    ),
  );
}

/**
 * The portal's permission policy. Release rights follow the catalog: acting
 * on a service's rollouts is for its owners and for release managers. So the
 * catalog is not open either: registering locations and creating entities is
 * for the catalog admins (the platform team) and for the scaffolder on a
 * person's behalf; refreshing and deleting an entity for its owners and the
 * admins. Reading, and everything else, is allowed.
 *
 * @public
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  readonly #releaseManagers: Set<string>;
  readonly #catalogAdmins: Set<string>;
  readonly #registeringPlugins: Set<string>;

  static fromConfig(config: Config): PortalPermissionPolicy {
    return new PortalPermissionPolicy({
      releaseManagers:
        config.getOptionalStringArray('delivery.releaseManagers') ??
        DEFAULTS.releaseManagers,
      catalogAdmins:
        config.getOptionalStringArray('permission.catalogWrites.admins') ??
        DEFAULTS.catalogAdmins,
      registeringPlugins:
        config.getOptionalStringArray(
          'permission.catalogWrites.registeringPlugins',
        ) ?? DEFAULTS.registeringPlugins,
    });
  }

  constructor(options: Partial<PortalPolicyOptions> = {}) {
    const { releaseManagers, catalogAdmins, registeringPlugins } = {
      ...DEFAULTS,
      ...options,
    };
    this.#releaseManagers = groupRefs(releaseManagers);
    this.#catalogAdmins = groupRefs(catalogAdmins);
    this.#registeringPlugins = new Set(
      registeringPlugins.map(id => `plugin:${id}`),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (permission.name === deliveryReleaseApprovePermission.name) {
      // The gate's decision is the release managers' alone, owners included.
      return this.#isMember(this.#releaseManagers, user) ? allow : deny;
    }
    if (deliveryPermissionNames.has(permission.name)) {
      return this.#ownersOr(this.#releaseManagers, request, user);
    }
    if (entityWrites.has(permission.name)) {
      return this.#ownersOr(this.#catalogAdmins, request, user);
    }
    if (registering.has(permission.name)) {
      return this.#isMember(this.#catalogAdmins, user) ||
        this.#isRegisteringPlugin(user)
        ? allow
        : deny;
    }
    if (permission.name === catalogLocationDeletePermission.name) {
      return this.#isMember(this.#catalogAdmins, user) ? allow : deny;
    }
    return allow;
  }

  /** Allowed for members of the groups, else for the entity's owners. */
  #ownersOr(
    groups: Set<string>,
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): PolicyDecision {
    const { permission } = request;
    if (
      !user ||
      !isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
    ) {
      return deny;
    }
    if (this.#isMember(groups, user)) {
      return allow;
    }
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({
        claims: user.info.ownershipEntityRefs,
      }),
    );
  }

  #isMember(groups: Set<string>, user?: PolicyQueryUser): boolean {
    return (user?.info.ownershipEntityRefs ?? []).some(ref => groups.has(ref));
  }

  /** A plugin calling on behalf of a person, e.g. the scaffolder. */
  #isRegisteringPlugin(user?: PolicyQueryUser): boolean {
    const principal = user?.credentials.principal as
      | { type: string; actor?: { subject: string } }
      | undefined;
    return (
      principal?.type === 'user' &&
      principal.actor !== undefined &&
      this.#registeringPlugins.has(principal.actor.subject)
    );
  }
}
