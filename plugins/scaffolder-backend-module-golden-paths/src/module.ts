import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createIacValidateAction } from './actions/iacValidate';
import { createProvenanceWriteAction } from './actions/provenanceWrite';
import { KustomizeCommand } from './validation/kustomize/KustomizeCommand';

/**
 * The golden-path actions for the scaffolder: `goldenpath:iac:validate` and
 * `goldenpath:provenance:write`.
 *
 * @public
 */
export const scaffolderModuleGoldenPaths = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-paths',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, logger }) {
        // A configured command that is missing stops the backend here.
        const kustomize = await KustomizeCommand.fromConfig(config);
        try {
          const { executable, args } = await kustomize.resolve();
          logger.info(
            `goldenpath:iac:validate renders kustomizations with ${[
              executable,
              ...args,
            ].join(' ')}`,
          );
        } catch (error) {
          logger.warn(
            `goldenpath:iac:validate will refuse to check Kubernetes manifests: ${
              (error as Error).message
            }`,
          );
        }
        scaffolder.addActions(
          createIacValidateAction({ kustomize }),
          createProvenanceWriteAction(),
        );
      },
    });
  },
});
