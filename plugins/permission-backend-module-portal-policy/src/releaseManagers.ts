import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * Who the release managers are: the groups whose members may act on every
 * service's rollouts and decide at the release gate. The policy grants them
 * those rights; other plugins (the gate's notifications) ask this service
 * rather than reading `delivery.releaseManagers` themselves.
 *
 * @public
 */
export interface ReleaseManagersService {
  /** Full group refs, e.g. `group:default/release-managers`. */
  groups(): string[];
}

/** @public */
export const DEFAULT_RELEASE_MANAGERS = ['group:default/release-managers'];

/** Full group refs; a bare name means a group in the default namespace. */
export function groupRefs(refs: string[]): string[] {
  return refs.map(ref =>
    stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ),
  );
}

/**
 * The release manager groups from `delivery.releaseManagers` (declared in
 * this module's config.d.ts), defaulting to `group:default/release-managers`.
 *
 * @public
 */
export function readReleaseManagers(config: Config): ReleaseManagersService {
  const groups = groupRefs(
    config.getOptionalStringArray('delivery.releaseManagers') ??
      DEFAULT_RELEASE_MANAGERS,
  );
  return { groups: () => [...groups] };
}

/**
 * The release managers as a backend service; its default factory reads the
 * same config the policy does, so no backend has to install it.
 *
 * @public
 */
export const releaseManagersServiceRef =
  createServiceRef<ReleaseManagersService>({
    id: 'portal.releaseManagers',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }) => readReleaseManagers(config),
      }),
  });

/**
 * Who this policy lets act on a service's rollouts, in words for a person
 * the policy refused: "the owners (Checkout team) and release managers".
 *
 * @public
 */
export function whoMayActOnRollouts(owners?: string): string {
  return owners
    ? `the owners (${owners}) and release managers`
    : 'release managers (the service has no owner in the catalog)';
}
