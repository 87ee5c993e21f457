import { mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createCatalogRegisterAction } from './catalogRegister';

const integrations = ScmIntegrations.fromConfig(
  mockServices.rootConfig({
    data: {
      integrations: {
        gitea: [
          { host: 'git.example.com', baseUrl: 'https://git.example.com' },
        ],
      },
    },
  }),
);

function setUp() {
  const catalog = catalogServiceMock.mock({
    addLocation: jest.fn().mockResolvedValue({
      location: { id: '1', type: 'url', target: '' },
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Location',
          metadata: { name: 'generated-abc' },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payments', namespace: 'default' },
        },
      ],
    }),
  });
  const action = createCatalogRegisterAction({
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    catalog,
    integrations,
  });
  return { catalog, action };
}

describe('goldenpath:catalog:register', () => {
  it('registers the published repository as the scaffolder, not as the person', async () => {
    const { catalog, action } = setUp();
    const ctx = createMockActionContext({
      input: {
        repoContentsUrl:
          'https://git.example.com/checkout/payments/src/branch/main/',
        catalogInfoPath: 'catalog-info.yaml',
      },
    });
    await action.handler(ctx);

    const target =
      'https://git.example.com/checkout/payments/src/branch/main/catalog-info.yaml';
    expect(
      catalog.addLocation.mock.calls.map(([location]) => location),
    ).toEqual([
      { type: 'url', target },
      { type: 'url', target, dryRun: true },
    ]);
    const [, options] = catalog.addLocation.mock.calls[0];
    expect(
      options && 'credentials' in options && options.credentials.principal,
    ).toEqual({
      type: 'service',
      subject: 'plugin:scaffolder',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payments',
    );
  });

  it('refuses a repository on a git host no integration is configured for', async () => {
    const { catalog, action } = setUp();
    const ctx = createMockActionContext({
      input: {
        repoContentsUrl: 'https://elsewhere.example.org/someone/repo/',
        catalogInfoPath: 'catalog-info.yaml',
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /on no git host configured under integrations/,
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });
});
