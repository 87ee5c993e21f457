import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';

/** Git hosts the templates can publish to; each is a stock publish action. */
export const GOLDEN_PATHS_PUBLISHERS = ['gitea', 'github', 'gitlab'] as const;

/** One of {@link GOLDEN_PATHS_PUBLISHERS}. */
export type GoldenPathsPublisher = (typeof GOLDEN_PATHS_PUBLISHERS)[number];

/** What an installation configures about the bundled templates. */
export interface GoldenPathsSettings {
  /** Replaces the templates' owner, when set. */
  owner?: string;
  /** Replaces the RepoUrlPicker's allowed hosts, when set. */
  allowedHosts?: string[];
  /** The git host kind new repositories are published to (the publish step's action). */
  publisher?: GoldenPathsPublisher;
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
  // The integration reader defaults baseUrl to https://<host> and trims it.
  const gitBaseUrls = Object.fromEntries(
    ScmIntegrations.fromConfig(config)
      .gitea.list()
      .map(({ config: gitea }) => [gitea.host, gitea.baseUrl!]),
  );
  const publisher = goldenPaths?.getOptionalString('publisher');
  if (
    publisher !== undefined &&
    !GOLDEN_PATHS_PUBLISHERS.includes(publisher as GoldenPathsPublisher)
  ) {
    throw new Error(
      `Invalid catalog.providers.goldenPaths.publisher "${publisher}": use one of ${GOLDEN_PATHS_PUBLISHERS.join(
        ', ',
      )}`,
    );
  }
  const prometheusAddress = goldenPaths?.getOptionalString(
    'platform.prometheusAddress',
  );
  return {
    owner: goldenPaths?.getOptionalString('owner'),
    allowedHosts: goldenPaths?.getOptionalStringArray('allowedHosts'),
    publisher: publisher as GoldenPathsPublisher | undefined,
    platform: {
      ...(prometheusAddress ? { prometheusAddress } : {}),
      gitBaseUrls,
    },
  };
}
