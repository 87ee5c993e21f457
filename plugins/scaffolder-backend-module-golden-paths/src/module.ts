import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createIacValidateAction } from './actions/iacValidate';
import { createProvenanceWriteAction } from './actions/provenanceWrite';

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
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(
          createIacValidateAction(),
          createProvenanceWriteAction(),
        );
      },
    });
  },
});
