/**
 * The portal's permission policy as a module of the permission backend: who
 * may act on rollouts and who may write to the catalog. Who the release
 * managers are is exported for the plugins that address them.
 *
 * @packageDocumentation
 */

export { portalPolicyModule as default } from './module';
export { PortalPermissionPolicy } from './PortalPermissionPolicy';
export type { PortalPolicyOptions } from './PortalPermissionPolicy';
export {
  DEFAULT_RELEASE_MANAGERS,
  readReleaseManagers,
  releaseManagersServiceRef,
  whoMayActOnRollouts,
} from './releaseManagers';
export type { ReleaseManagersService } from './releaseManagers';
