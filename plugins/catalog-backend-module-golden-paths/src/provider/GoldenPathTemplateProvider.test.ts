import fs from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { GoldenPathTemplateProvider } from './GoldenPathTemplateProvider';

const packageVersion = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'),
).version;

function connection() {
  return {
    applyMutation: jest.fn(),
    refresh: jest.fn(),
  } as jest.Mocked<EntityProviderConnection>;
}

describe('GoldenPathTemplateProvider', () => {
  it('provides the three bundled templates, located next to their skeletons and versioned', async () => {
    const provider = GoldenPathTemplateProvider.fromConfig(
      new ConfigReader({}),
      {
        logger: mockServices.logger.mock(),
      },
    );
    const conn = connection();
    await provider.connect(conn);

    expect(conn.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = conn.applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    const entities = (mutation as any).entities;
    expect(entities.map((e: any) => e.entity.metadata.name)).toEqual([
      'http-service-bluegreen',
      'http-service-canary',
      'terraform-module',
    ]);
    for (const { entity, locationKey } of entities) {
      expect(locationKey).toBe('golden-path-templates');
      expect(entity.kind).toBe('Template');
      expect(entity.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
      const annotations = entity.metadata.annotations;
      const location = annotations['backstage.io/managed-by-location'];
      expect(location).toMatch(
        new RegExp(
          `^file:/.*/templates/[^/]+/${entity.metadata.name}\\.template\\.yaml$`,
        ),
      );
      expect(annotations['backstage.io/managed-by-origin-location']).toBe(
        location,
      );
      expect(annotations['golden-paths/template-version']).toBe(packageVersion);
      const templateFile = location.replace(/^file:/, '');
      expect(path.isAbsolute(templateFile)).toBe(true);
      expect(
        fs.existsSync(path.join(path.dirname(templateFile), 'skeleton')),
      ).toBe(true);
      expect(entity.spec.steps.map((s: any) => s.action)).toEqual(
        expect.arrayContaining([
          'fetch:template',
          'goldenpath:iac:validate',
          'goldenpath:provenance:write',
          'publish:gitea',
          'goldenpath:catalog:register',
        ]),
      );
    }
  });

  it('fits the templates to the configured git hosts and platform', async () => {
    const provider = GoldenPathTemplateProvider.fromConfig(
      new ConfigReader({
        integrations: {
          gitea: [
            { host: 'git.example.test', baseUrl: 'https://git.example.test/' },
          ],
        },
        catalog: {
          providers: {
            goldenPaths: {
              owner: 'group:default/release-managers',
              allowedHosts: ['git.example.test'],
              platform: {
                prometheusAddress: 'http://prometheus.example.test:9090',
              },
            },
          },
        },
      }),
      { logger: mockServices.logger.mock() },
    );
    const canary = (await provider.readTemplates()).find(
      t => t.metadata.name === 'http-service-canary',
    )!;
    expect(canary.spec!.owner).toBe('group:default/release-managers');
    const repoPage = (canary.spec as any).parameters.find(
      (p: any) => p.properties?.repoUrl,
    );
    expect(repoPage.properties.repoUrl['ui:options'].allowedHosts).toEqual([
      'git.example.test',
    ]);
    const fetch = (canary.spec as any).steps.find(
      (s: any) => s.action === 'fetch:template',
    );
    expect(fetch.input.values.platform).toEqual({
      prometheusAddress: 'http://prometheus.example.test:9090',
      gitBaseUrls: { 'git.example.test': 'https://git.example.test' },
    });
  });

  it('publishes to the configured kind of git host', async () => {
    const templates = await GoldenPathTemplateProvider.fromConfig(
      new ConfigReader({
        catalog: {
          providers: {
            goldenPaths: { publisher: 'github', allowedHosts: ['github.com'] },
          },
        },
      }),
      { logger: mockServices.logger.mock() },
    ).readTemplates();
    for (const template of templates) {
      const actions = (template.spec as any).steps.map((s: any) => s.action);
      expect(actions).toContain('publish:github');
      expect(actions).not.toContain('publish:gitea');
    }
  });

  it('refuses an unknown publisher, naming the choices', () => {
    expect(() =>
      GoldenPathTemplateProvider.fromConfig(
        new ConfigReader({
          catalog: {
            providers: { goldenPaths: { publisher: 'bitbucket' } },
          },
        }),
        { logger: mockServices.logger.mock() },
      ),
    ).toThrow(
      'Invalid catalog.providers.goldenPaths.publisher "bitbucket": use one of gitea, github, gitlab',
    );
  });

  it('keeps the hosts written in the templates when none are configured', async () => {
    const [template] = await GoldenPathTemplateProvider.fromConfig(
      new ConfigReader({}),
      {
        logger: mockServices.logger.mock(),
      },
    ).readTemplates();
    const repoPage = (template.spec as any).parameters.find(
      (p: any) => p.properties?.repoUrl,
    );
    expect(repoPage.properties.repoUrl['ui:options'].allowedHosts).toEqual([
      'localhost:7030',
    ]);
  });

  it('refuses a bundled template that is not a valid Template', async () => {
    const dir = createMockDirectory({
      content: {
        'broken/broken.template.yaml':
          'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: broken\nspec: {}\n',
      },
    });
    const provider = GoldenPathTemplateProvider.fromConfig(
      new ConfigReader({}),
      {
        logger: mockServices.logger.mock(),
        templatesDir: dir.path,
        version: '1.0.0',
      },
    );
    await expect(provider.connect(connection())).rejects.toThrow(
      /Bundled template .*broken\/broken.template.yaml is invalid/,
    );
  });
});
