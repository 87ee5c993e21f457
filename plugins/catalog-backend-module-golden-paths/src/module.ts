import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { GoldenPathTemplateProvider } from './provider/GoldenPathTemplateProvider';

/**
 * Adds the bundled golden-path templates to the catalog.
 *
 * @public
 */
export const catalogModuleGoldenPaths = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'golden-paths',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ catalog, config, logger }) {
        catalog.addEntityProvider(
          GoldenPathTemplateProvider.fromConfig(config, { logger }),
        );
      },
    });
  },
});
