import { Config } from '@backstage/config';

/** What an installation configures about the bundled templates. */
export interface GoldenPathsSettings {
  /** Replaces the templates' owner, when set. */
  owner?: string;
  /** Replaces the RepoUrlPicker's allowed hosts, when set. */
  allowedHosts?: string[];
  /** Merged into the `platform` values of each template's fetch step. */
  platform: {
    prometheusAddress?: string;
    /** Web base URL of each git host, so catalog-info.yaml can link to the repository. */
    gitBaseUrls: Record<string, string>;
  };
}

/** Reads `catalog.providers.goldenPaths` and the Gitea integrations. */
export function readGoldenPathsSettings(config: Config): GoldenPathsSettings {
  const goldenPaths = config.getOptionalConfig('catalog.providers.goldenPaths');
  const gitBaseUrls: Record<string, string> = {};
  for (const gitea of config.getOptionalConfigArray('integrations.gitea') ??
    []) {
    const host = gitea.getString('host');
    gitBaseUrls[host] = (
      gitea.getOptionalString('baseUrl') ?? `https://${host}`
    ).replace(/\/+$/, '');
  }
  const prometheusAddress = goldenPaths?.getOptionalString(
    'platform.prometheusAddress',
  );
  return {
    owner: goldenPaths?.getOptionalString('owner'),
    allowedHosts: goldenPaths?.getOptionalStringArray('allowedHosts'),
    platform: {
      ...(prometheusAddress ? { prometheusAddress } : {}),
      gitBaseUrls,
    },
  };
}
