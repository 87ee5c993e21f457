import { Entity } from '@backstage/catalog-model';
import {
  DefaultGithubCredentialsProvider,
  getGiteaRequestOptions,
  GiteaIntegration,
  GithubIntegration,
  parseGiteaUrl,
  ScmIntegrationRegistry,
} from '@backstage/integration';

/** The annotation naming where a service's source lives. */
export const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/** A service's git repository on a host the portal has an integration for. */
export interface SourceRepository {
  kind: 'gitea' | 'github';
  owner: string;
  name: string;
  /** The repository's page. */
  webUrl: string;
  /** A URL the UrlReader reads the tree at `ref` from. */
  treeUrl(ref: string): string;
  /** The host's page comparing two commits. */
  compareUrl(base: string, head: string): string;
  /** The REST request comparing two commits, and its headers. */
  compareRequest(
    base: string,
    head: string,
  ): Promise<{ url: string; headers: Record<string, string> }>;
}

export type SourceRepositoryLookup =
  | { found: true; repository: SourceRepository }
  | { found: false; reason: string };

function giteaRepository(
  integration: GiteaIntegration,
  url: string,
): SourceRepository {
  const config = integration.config;
  const { owner, name, url: base } = parseGiteaUrl(config, url);
  const webUrl = `${base}/${owner}/${name}`;
  return {
    kind: 'gitea',
    owner,
    name,
    webUrl,
    treeUrl: ref => `${webUrl}/src/commit/${ref}/`,
    compareUrl: (from, to) => `${webUrl}/compare/${from}...${to}`,
    async compareRequest(from, to) {
      const options = getGiteaRequestOptions(config) as {
        headers?: Record<string, string>;
      };
      return {
        url: `${base}/api/v1/repos/${owner}/${name}/compare/${from}...${to}`,
        headers: options.headers ?? {},
      };
    },
  };
}

function githubRepository(
  integration: GithubIntegration,
  integrations: ScmIntegrationRegistry,
  url: string,
): SourceRepository {
  const [owner, name] = new URL(url).pathname.split('/').filter(Boolean);
  const webUrl = `https://${integration.config.host}/${owner}/${name}`;
  const apiBase =
    integration.config.apiBaseUrl ?? `https://api.${integration.config.host}`;
  return {
    kind: 'github',
    owner,
    name,
    webUrl,
    treeUrl: ref => `${webUrl}/tree/${ref}/`,
    compareUrl: (from, to) => `${webUrl}/compare/${from}...${to}`,
    async compareRequest(from, to) {
      const { headers } =
        await DefaultGithubCredentialsProvider.fromIntegrations(
          integrations,
        ).getCredentials({ url: webUrl });
      return {
        url: `${apiBase}/repos/${owner}/${name}/compare/${from}...${to}`,
        headers: { Accept: 'application/vnd.github+json', ...headers },
      };
    },
  };
}

/**
 * The entity's repository from its `backstage.io/source-location`, through
 * the integration configured for its host. GitLab and other hosts are named
 * as not supported rather than guessed at.
 */
export function sourceRepositoryOf(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): SourceRepositoryLookup {
  const location = entity.metadata.annotations?.[SOURCE_LOCATION_ANNOTATION];
  if (!location) {
    return {
      found: false,
      reason: `the entity has no ${SOURCE_LOCATION_ANNOTATION} annotation naming its repository`,
    };
  }
  const url = location.replace(/^url:/, '');
  const integration = integrations.byUrl(url);
  if (integration?.type === 'gitea') {
    return {
      found: true,
      repository: giteaRepository(integration as GiteaIntegration, url),
    };
  }
  if (integration?.type === 'github') {
    return {
      found: true,
      repository: githubRepository(
        integration as GithubIntegration,
        integrations,
        url,
      ),
    };
  }
  return {
    found: false,
    reason: integration
      ? `the gate reads Gitea and GitHub repositories; ${url} is on ${integration.type}, which it does not support`
      : `no integration is configured for ${url}`,
  };
}

/**
 * The commit an image was built from, when its tag is a commit id (what the
 * golden-path pipelines tag images with). Undefined otherwise.
 */
export function commitOfImage(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const tag = withoutDigest.slice(colon + 1);
  return /^[0-9a-f]{7,40}$/.test(tag) ? tag : undefined;
}
