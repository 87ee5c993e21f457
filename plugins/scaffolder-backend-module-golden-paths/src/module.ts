import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCatalogRegisterAction } from './actions/catalogRegister';
import { createIacValidateAction } from './actions/iacValidate';
import { createProvenanceWriteAction } from './actions/provenanceWrite';
import { KustomizeCommand } from '@internal/kustomize';
import { KUSTOMIZE_COMMAND_KEY } from './validation/kustomize/KustomizeCommand';

/**
 * The golden-path actions for the scaffolder: `goldenpath:iac:validate`,
 * `goldenpath:provenance:write` and `goldenpath:catalog:register`.
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
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, logger, auth, catalog }) {
        // A configured command that is missing stops the backend here.
        const kustomize = await KustomizeCommand.fromConfig(
          config,
          KUSTOMIZE_COMMAND_KEY,
        );
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
          createCatalogRegisterAction({
            auth,
            catalog,
            integrations: ScmIntegrations.fromConfig(config),
          }),
        );
      },
    });
  },
});
