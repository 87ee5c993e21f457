import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { GITHUB_PROJECT_SLUG_ANNOTATION } from '@internal/plugin-delivery-common';
import {
  CicdProvider,
  CicdProviderRuns,
  CicdProviderUnavailableError,
} from '@internal/plugin-delivery-node';
import {
  GithubJob,
  GithubWorkflowRun,
  pipelineRunOfGithub,
} from './githubRunModel';

/** Runs whose jobs (stages) are fetched: one request each. */
const RUNS_WITH_JOBS = 5;
const PAGE_SIZE = 30;

/**
 * Workflow runs of GitHub Actions, for entities with a
 * `github.com/project-slug`, through Backstage's GitHub integration config
 * (a token or a GitHub App, github.com or an Enterprise host named by the
 * entity's source location).
 *
 * It calls GitHub's REST API with fetch: four endpoints, and the rate-limit
 * answer must reach the person as it is, which a client that retries or
 * throttles on its own would hide.
 */
export class GithubActionsProvider implements CicdProvider {
  readonly id = 'github-actions';

  static fromConfig(config: Config): GithubActionsProvider {
    const integrations = ScmIntegrations.fromConfig(config);
    return new GithubActionsProvider(
      integrations,
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    );
  }

  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly credentials: GithubCredentialsProvider,
  ) {}

  supportsEntity(entity: Entity): boolean {
    return Boolean(
      entity.metadata.annotations?.[GITHUB_PROJECT_SLUG_ANNOTATION],
    );
  }

  async listRuns(
    entity: Entity,
    options: { limit: number },
  ): Promise<CicdProviderRuns> {
    const repo = await this.repository(entity);
    const runs: GithubWorkflowRun[] = [];
    let url: string | undefined = `${repo.api}/actions/runs?per_page=${Math.min(
      PAGE_SIZE,
      options.limit,
    )}`;
    while (url && runs.length < options.limit) {
      const res = await this.get(url, repo);
      const body = (await res.json()) as { workflow_runs: GithubWorkflowRun[] };
      runs.push(...body.workflow_runs);
      url = nextLink(res.headers.get('link'));
    }
    const shown = runs.slice(0, options.limit);
    const jobs = await Promise.all(
      shown.slice(0, RUNS_WITH_JOBS).map(async run => {
        const res = await this.get(
          `${repo.api}/actions/runs/${run.id}/jobs?per_page=100`,
          repo,
        );
        return ((await res.json()) as { jobs: GithubJob[] }).jobs;
      }),
    );
    return {
      runs: shown.map((run, i) =>
        pipelineRunOfGithub(run, jobs[i] ?? [], this.id),
      ),
    };
  }

  async rerunFailed(entity: Entity, runId: string): Promise<void> {
    const repo = await this.repository(entity);
    if (!/^\d+$/.test(runId)) {
      throw new NotFoundError(`No GitHub Actions run ${runId} in ${repo.slug}`);
    }
    await this.request(
      `${repo.api}/actions/runs/${runId}/rerun-failed-jobs`,
      repo,
      'POST',
    );
  }

  private async repository(entity: Entity) {
    const slug =
      entity.metadata.annotations?.[GITHUB_PROJECT_SLUG_ANNOTATION] ?? '';
    if (!/^[\w.-]+\/[\w.-]+$/.test(slug)) {
      throw new NotFoundError(
        `The ${GITHUB_PROJECT_SLUG_ANNOTATION} annotation "${slug}" is not owner/repo`,
      );
    }
    // An Enterprise host is named by where the entity's source lives.
    const location =
      entity.metadata.annotations?.['backstage.io/source-location'] ?? '';
    const sourceHost = /^url:https?:\/\/([^/]+)\//.exec(location)?.[1];
    const integration =
      (sourceHost && this.integrations.github.byHost(sourceHost)) ||
      this.integrations.github.byHost('github.com');
    if (!integration) {
      throw new NotFoundError(`No GitHub integration configured for ${slug}`);
    }
    const host = integration.config.host;
    const apiBaseUrl = integration.config.apiBaseUrl ?? `https://api.${host}`;
    const { headers } = await this.credentials.getCredentials({
      url: `https://${host}/${slug}`,
    });
    return { slug, host, api: `${apiBaseUrl}/repos/${slug}`, headers };
  }

  private get(
    url: string,
    repo: { slug: string; headers?: Record<string, string> },
  ) {
    return this.request(url, repo, 'GET');
  }

  private async request(
    url: string,
    repo: { slug: string; host?: string; headers?: Record<string, string> },
    method: 'GET' | 'POST',
  ): Promise<Response> {
    const res = await fetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        ...repo.headers,
      },
    });
    if (res.ok) return res;
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    if (res.status === 404) {
      throw new NotFoundError(
        `GitHub has no ${method === 'POST' ? 'such run in' : 'repository'} ${
          repo.slug
        }, or the configured credentials cannot see it`,
      );
    }
    const retryAt = rateLimitReset(res);
    if ((res.status === 403 || res.status === 429) && retryAt) {
      throw new CicdProviderUnavailableError(
        `GitHub's API rate limit is reached for ${
          repo.slug
        }; it answers again at ${retryAt.toISOString()}`,
        { retryAt },
      );
    }
    throw new CicdProviderUnavailableError(
      `GitHub answered ${res.status} for ${repo.slug}: ${
        body.message ?? res.statusText
      }`,
    );
  }
}

/** When a 403/429 is a rate limit, when it ends (GitHub's documented headers). */
function rateLimitReset(res: Response): Date | undefined {
  const retryAfter = res.headers.get('retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter)) {
    return new Date(Date.now() + Number(retryAfter) * 1000);
  }
  if (res.headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000);
  }
  return undefined;
}

/** The `rel="next"` URL of a Link header. */
function nextLink(link: string | null): string | undefined {
  return link
    ?.split(',')
    .map(part => /<([^>]+)>\s*;\s*rel="next"/.exec(part)?.[1])
    .find(Boolean);
}
