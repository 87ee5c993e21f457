import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import request from 'supertest';
import { catalogModuleGoldenPaths } from './module';
import { GoldenPathTemplateProvider } from './provider/GoldenPathTemplateProvider';

describe('catalogModuleGoldenPaths', () => {
  it('adds the golden-path template provider to the catalog', async () => {
    const addEntityProvider = jest.fn();
    await startTestBackend({
      extensionPoints: [
        [catalogProcessingExtensionPoint, { addEntityProvider }],
      ],
      features: [
        catalogModuleGoldenPaths,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(addEntityProvider).toHaveBeenCalledWith(
      expect.any(GoldenPathTemplateProvider),
    );
  });

  it('gets the templates processed and served by the real catalog', async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModuleGoldenPaths,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    try {
      let names: string[] = [];
      for (let attempt = 0; attempt < 100 && names.length < 3; attempt++) {
        const response = await request(backend.server).get(
          '/api/catalog/entities?filter=kind=template',
        );
        names = response.body.map((e: any) => e.metadata.name).sort();
        if (names.length < 3) {
          await new Promise(resolve => setTimeout(resolve, 200));
        }
      }
      expect(names).toEqual([
        'http-service-bluegreen',
        'http-service-canary',
        'terraform-module',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
