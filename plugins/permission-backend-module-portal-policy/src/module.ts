import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PortalPermissionPolicy } from './PortalPermissionPolicy';

/**
 * Installs the portal's permission policy in the permission backend.
 *
 * @public
 */
export const portalPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        policy: policyExtensionPoint,
      },
      async init({ config, policy }) {
        policy.setPolicy(PortalPermissionPolicy.fromConfig(config));
      },
    });
  },
});
