import { startTestBackend } from '@backstage/backend-test-utils';
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
    ]);
  });
});
