import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');

/** app-config.yaml with the production overrides, as the image loads them. */
async function productionConfig(env: Record<string, string>) {
  const { appConfigs } = await loadConfig({
    configRoot: repoRoot,
    configTargets: [
      { path: resolve(repoRoot, 'app-config.yaml') },
      { path: resolve(repoRoot, 'app-config.production.yaml') },
    ],
    experimentalEnvFunc: async name => env[name],
  });
  return ConfigReader.fromConfigs(appConfigs);
}

describe('the production configuration', () => {
  it("does not accept the sandbox CI's public token from app-config.yaml", async () => {
    const sandboxTokens = new ConfigReader(
      (
        await loadConfig({
          configRoot: repoRoot,
          configTargets: [{ path: resolve(repoRoot, 'app-config.yaml') }],
        })
      ).appConfigs[0].data,
    )
      .getConfigArray('backend.auth.externalAccess')
      .map(entry => entry.getString('options.token'));
    expect(sandboxTokens.length).toBeGreaterThan(0);

    const production = await productionConfig({
      PORTAL_CI_EVENTS_TOKEN: 'token-from-the-environment',
    });
    const tokens = production
      .getConfigArray('backend.auth.externalAccess')
      .map(entry => entry.getOptionalString('options.token'));
    expect(tokens).toEqual(['token-from-the-environment']);
    for (const token of sandboxTokens) expect(tokens).not.toContain(token);
  });
});
