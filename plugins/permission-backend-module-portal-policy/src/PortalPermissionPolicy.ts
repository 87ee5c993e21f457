import { Config } from '@backstage/config';
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
import {
  DEFAULT_RELEASE_MANAGERS,
  groupRefs,
  readReleaseManagers,
} from './releaseManagers';

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
}

const DEFAULTS: PortalPolicyOptions = {
  releaseManagers: DEFAULT_RELEASE_MANAGERS,
  catalogAdmins: ['group:default/platform'],
};

const deliveryPermissionNames = new Set(deliveryPermissions.map(p => p.name));

/**
 * Writes that add to the catalog: for admins. The golden paths register new
 * services as the scaffolder itself (a service principal, which the
 * permission framework does not put to the policy); a registration made on a
 * person's behalf reaches the policy as that person's, with the catalog as
 * the actor, so no rule here can tell it came through the scaffolder.
 */
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

/**
 * The portal's permission policy. Release rights follow the catalog: acting
 * on a service's rollouts is for its owners and for release managers. So the
 * catalog is not open either: registering locations and creating entities is
 * for the catalog admins (the platform team); refreshing and deleting an entity for its owners and the
 * admins. Reading, and everything else, is allowed.
 *
 * @public
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  readonly #releaseManagers: Set<string>;
  readonly #catalogAdmins: Set<string>;

  static fromConfig(config: Config): PortalPermissionPolicy {
    return new PortalPermissionPolicy({
      releaseManagers: readReleaseManagers(config).groups(),
      catalogAdmins:
        config.getOptionalStringArray('permission.catalogWrites.admins') ??
        DEFAULTS.catalogAdmins,
    });
  }

  constructor(options: Partial<PortalPolicyOptions> = {}) {
    const { releaseManagers, catalogAdmins } = {
      ...DEFAULTS,
      ...options,
    };
    this.#releaseManagers = new Set(groupRefs(releaseManagers));
    this.#catalogAdmins = new Set(groupRefs(catalogAdmins));
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
      return this.#isMember(this.#catalogAdmins, user) ? allow : deny;
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
}
