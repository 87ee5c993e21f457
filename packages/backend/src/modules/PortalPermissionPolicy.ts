import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
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
import { deliveryPermissions } from '@internal/plugin-delivery-common';

const DEFAULT_RELEASE_MANAGERS = ['group:default/release-managers'];

const deliveryPermissionNames = new Set(deliveryPermissions.map(p => p.name));

/**
 * The portal's permission policy. Acting on a service's rollouts is for the
 * service's owners and for release managers; everything else is allowed.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  readonly #releaseManagers: Set<string>;

  static fromConfig(config: Config): PortalPermissionPolicy {
    return new PortalPermissionPolicy(
      config.getOptionalStringArray('delivery.releaseManagers') ??
        DEFAULT_RELEASE_MANAGERS,
    );
  }

  constructor(releaseManagers: string[]) {
    this.#releaseManagers = new Set(
      releaseManagers.map(ref =>
        stringifyEntityRef(
          parseEntityRef(ref, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        ),
      ),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!deliveryPermissionNames.has(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      !user ||
      !isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
    ) {
      return { result: AuthorizeResult.DENY };
    }
    const claims = user.info.ownershipEntityRefs;
    if (claims.some(ref => this.#releaseManagers.has(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims }),
    );
  }
}
