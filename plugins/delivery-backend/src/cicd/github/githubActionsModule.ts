import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { deliveryCicdProvidersExtensionPoint } from '@internal/plugin-delivery-node';
import { GithubActionsProvider } from './GithubActionsProvider';

/**
 * Adds GitHub Actions runs to the delivery plugin's CI/CD view, through the
 * extension point any other CI can use.
 *
 * @public
 */
export const deliveryModuleGithubActions = createBackendModule({
  pluginId: 'delivery',
  moduleId: 'github-actions',
  register(reg) {
    reg.registerInit({
      deps: {
        cicd: deliveryCicdProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ cicd, config }) {
        cicd.addCicdProvider(GithubActionsProvider.fromConfig(config));
      },
    });
  },
});
