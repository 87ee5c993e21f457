import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleGoldenPaths } from './module';

describe('scaffolderModuleGoldenPaths', () => {
  it('registers the golden-path actions', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleGoldenPaths],
    });
    expect(addActions.mock.calls.flat().map(a => a.id)).toEqual([
      'goldenpath:iac:validate',
      'goldenpath:provenance:write',
      'goldenpath:catalog:register',
    ]);
  });

  it('does not start when the configured kustomize command is missing, naming the setting', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [scaffolderActionsExtensionPoint, { addActions: jest.fn() }],
        ],
        features: [
          scaffolderModuleGoldenPaths,
          mockServices.rootConfig.factory({
            data: {
              goldenPaths: {
                validation: { kustomizeCommand: '/opt/none/kubectl' },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /goldenPaths\.validation\.kustomizeCommand is "\/opt\/none\/kubectl", but "\/opt\/none\/kubectl" is not an executable file/,
    );
  });
});
