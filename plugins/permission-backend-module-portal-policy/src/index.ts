/**
 * The portal's permission policy as a module of the permission backend: who
 * may act on rollouts and who may write to the catalog.
 *
 * @packageDocumentation
 */

export { portalPolicyModule as default } from './module';
export { PortalPermissionPolicy } from './PortalPermissionPolicy';
export type { PortalPolicyOptions } from './PortalPermissionPolicy';
