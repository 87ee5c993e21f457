import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { releaseManagersServiceRef } from './releaseManagers';

/** What a plugin depending on the service gets, in a real backend. */
async function groupsSeenByAPlugin(data: object): Promise<string[]> {
  let seen: string[] = [];
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({ data }),
      createBackendPlugin({
        pluginId: 'reader',
        register(env) {
          env.registerInit({
            deps: {
              releaseManagers: releaseManagersServiceRef,
              logger: coreServices.logger,
            },
            async init({ releaseManagers }) {
              seen = releaseManagers.groups();
            },
          });
        },
      }),
    ],
  });
  await backend.stop();
  return seen;
}

describe('releaseManagersServiceRef', () => {
  it('names the configured groups as full refs, without being installed', async () => {
    expect(
      await groupsSeenByAPlugin({
        delivery: { releaseManagers: ['sre', 'group:ops/on-call'] },
      }),
    ).toEqual(['group:default/sre', 'group:ops/on-call']);
  });

  it('defaults to group:default/release-managers', async () => {
    expect(await groupsSeenByAPlugin({})).toEqual([
      'group:default/release-managers',
    ]);
  });
});
