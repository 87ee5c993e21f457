import fs from 'node:fs';
import path from 'node:path';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import YAML from 'yaml';
import {
  GOLDEN_PATH_FIXTURE,
  actionOutput,
  basicAuth,
  giteaConfig,
  publishWithGitea,
  removeTempDirs,
  runCommand as run,
  tempDir,
} from '../__testUtils__/gitea';
import { GitHost, startGitHost } from './gitHost';

jest.setTimeout(30000);

const publish = (gitHost: GitHost, query: string, password?: string) =>
  publishWithGitea(gitHost.url, query, { password });

describe('git host', () => {
  let gitHost: GitHost;
  const authorization = basicAuth;
  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${gitHost.url}/api/v1${p}`, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });

  beforeAll(async () => {
    gitHost = await startGitHost({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await gitHost.close();
    removeTempDirs();
  });

  it('takes a repository from the stock publish:gitea action', async () => {
    const ctx = await publish(gitHost, 'owner=acme&repo=orders-api');
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      `${gitHost.url}/acme/orders-api.git`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `${gitHost.url}/acme/orders-api/src/branch/main/`,
    );
    const commitHash = actionOutput(ctx, 'commitHash');
    expect(commitHash).toMatch(/^[0-9a-f]{40}$/);

    const repo = await (await api('/repos/acme/orders-api')).json();
    expect(repo).toMatchObject({
      full_name: 'acme/orders-api',
      description: 'Takes orders',
      private: false,
      empty: false,
      default_branch: 'main',
      clone_url: `${gitHost.url}/acme/orders-api.git`,
      owner: { login: 'acme' },
    });
    const commit = await (
      await api('/repos/acme/orders-api/git/commits/main')
    ).json();
    expect(commit.sha).toBe(commitHash);
    expect(commit.commit.message).toMatch(/^initial commit\n\nChange-Id: I/);
  });

  it('serves catalog-info.yaml to the stock Gitea URL reader, as the catalog reads it', async () => {
    const reader = UrlReaders.default({
      config: giteaConfig(gitHost.url),
      logger: mockServices.logger.mock(),
    });
    const base = `${gitHost.url}/acme/orders-api/src/branch/main`;

    const file = await reader.readUrl(`${base}/catalog-info.yaml`);
    const entity = YAML.parse((await file.buffer()).toString('utf8'));
    expect(entity.metadata.name).toBe('orders-api');

    // UrlReaderProcessor (catalog:register's location) reads through search().
    const found = await reader.search(`${base}/catalog-info.yaml`);
    expect(found.files.map(f => f.url)).toEqual([`${base}/catalog-info.yaml`]);
    const missing = await reader.search(`${base}/nope.yaml`);
    expect(missing.files).toEqual([]);

    const tree = await reader.readTree(`${base}/deploy`);
    const files = (await tree.files()).map(f => f.path).sort();
    expect(files).toEqual([
      'base/analysis-template.yaml',
      'base/hpa.yaml',
      'base/kustomization.yaml',
      'base/pdb.yaml',
      'base/rollout.yaml',
      'base/services.yaml',
      'overlays/production/kustomization.yaml',
      'overlays/staging/kustomization.yaml',
    ]);
    await expect(
      reader.readTree(`${base}/deploy`, { etag: tree.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('serves git clone over HTTP', async () => {
    const dir = tempDir('githost-clone');
    await run('git', [
      'clone',
      '--quiet',
      `${gitHost.url}/acme/orders-api.git`,
      dir,
    ]);
    expect(fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8')).toBe(
      fs.readFileSync(
        path.join(GOLDEN_PATH_FIXTURE, 'catalog-info.yaml'),
        'utf8',
      ),
    );
    const { stdout } = await run('git', ['-C', dir, 'log', '--format=%an %s']);
    expect(stdout).toBe('Scaffolder initial commit\n');
  });

  it('lists directories and serves raw files and archives', async () => {
    const listing = await (
      await api('/repos/acme/orders-api/contents/deploy?ref=main')
    ).json();
    expect(listing.map((e: any) => [e.name, e.type])).toEqual([
      ['base', 'dir'],
      ['overlays', 'dir'],
    ]);
    const raw = await fetch(
      `${gitHost.url}/acme/orders-api/raw/branch/main/deploy/base/pdb.yaml`,
    );
    expect(raw.status).toBe(200);
    expect(await raw.text()).toContain('kind: PodDisruptionBudget');
    const zip = await fetch(`${gitHost.url}/acme/orders-api/archive/main.zip`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
  });

  it('answers bad requests with Gitea status codes and messages', async () => {
    const missing = await api('/repos/acme/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      message: "The target couldn't be found.",
      url: `${gitHost.url}/api/swagger`,
    });
    const missingFile = await api(
      '/repos/acme/orders-api/contents/nope.yaml?ref=main',
    );
    expect(missingFile.status).toBe(404);
    expect(
      (await api('/repos/acme/orders-api/contents/x?ref=nope')).status,
    ).toBe(404);

    const wrongPassword = await api('/user', {
      headers: { Authorization: authorization('wrong') },
    });
    expect(wrongPassword.status).toBe(401);
    expect((await wrongPassword.json()).message).toBe(
      "user's password is invalid [uid: 1, name: portal]",
    );
    const anonymousCreate = await api('/orgs/acme/repos', {
      method: 'POST',
      body: JSON.stringify({ name: 'x' }),
    });
    expect(anonymousCreate.status).toBe(401);

    const again = await api('/orgs/acme/repos', {
      method: 'POST',
      headers: { Authorization: authorization() },
      body: JSON.stringify({ name: 'orders-api' }),
    });
    expect(again.status).toBe(409);
    expect((await again.json()).message).toBe(
      'The repository with the same name already exists.',
    );
    const badName = await api('/user/repos', {
      method: 'POST',
      headers: { Authorization: authorization() },
      body: JSON.stringify({ name: 'not valid' }),
    });
    expect(badName.status).toBe(422);

    // publish:gitea never creates organisations: Gitea has none it was not given.
    await expect(publish(gitHost, 'owner=nope&repo=x')).rejects.toThrow(
      'Organization nope do not exist. Please create it first !',
    );
    // Gitea rejects wrong credentials on every endpoint, so the action already
    // fails at its organisation check, before creating anything.
    await expect(
      publish(gitHost, 'owner=acme&repo=other', 'wrong'),
    ).rejects.toThrow('Organization acme do not exist');
    expect((await api('/repos/acme/other')).status).toBe(404);

    const dir = tempDir('githost-push');
    await run('git', [
      'clone',
      '--quiet',
      `${gitHost.url}/acme/orders-api.git`,
      dir,
    ]);
    const url = new URL(`${gitHost.url}/acme/orders-api.git`);
    url.username = 'portal';
    url.password = 'wrong';
    const push = await run(
      'git',
      ['-C', dir, 'push', url.href, 'HEAD:refs/heads/x'],
      {
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      },
    ).catch(e => e);
    expect(push.stderr).toMatch(/Authentication failed/);
  });

  it('creates organisations like Gitea, and hides private repositories from anonymous clients', async () => {
    const headers = { Authorization: authorization() };
    const created = await api('/orgs', {
      method: 'POST',
      headers,
      body: JSON.stringify({ username: 'platform', full_name: 'Platform' }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      name: 'platform',
      full_name: 'Platform',
      visibility: 'public',
    });
    expect((await api('/orgs/platform')).status).toBe(200);
    const duplicate = await api('/orgs', {
      method: 'POST',
      headers,
      body: JSON.stringify({ username: 'platform' }),
    });
    expect(duplicate.status).toBe(422);

    const secret = await api('/orgs/platform/repos', {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'secrets', private: true, auto_init: true }),
    });
    expect(secret.status).toBe(201);
    expect((await api('/repos/platform/secrets')).status).toBe(404);
    const readme = await api('/repos/platform/secrets/contents/README.md', {
      headers,
    });
    expect(
      Buffer.from((await readme.json()).content, 'base64').toString('utf8'),
    ).toBe('# secrets\n\n\n');
    const clone = await run(
      'git',
      [
        'clone',
        `${gitHost.url}/platform/secrets.git`,
        tempDir('githost-private'),
      ],
      { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
    ).catch(e => e);
    expect(clone.stderr).toMatch(
      /could not read Username|Authentication failed/,
    );
  });

  it('keeps organisations and repositories in its data directory across restarts', async () => {
    const dataDir = tempDir('githost-data');
    const first = await startGitHost({ host: '127.0.0.1', port: 0, dataDir });
    await publishWithGitea(first.url, 'owner=storefront&repo=web');
    await first.close();

    const second = await startGitHost({ host: '127.0.0.1', port: 0, dataDir });
    try {
      const repo = await fetch(`${second.url}/api/v1/repos/storefront/web`);
      expect(await repo.json()).toMatchObject({ id: 1, empty: false });
      const file = await fetch(
        `${second.url}/storefront/web/raw/branch/main/catalog-info.yaml`,
      );
      expect(await file.text()).toContain('name: orders-api');
    } finally {
      await second.close();
    }
    expect(fs.existsSync(path.join(dataDir, 'storefront/web.git'))).toBe(true);
  });
});
