import fs from 'node:fs';
import path from 'node:path';
import {
  actionOutput,
  basicAuth,
  publishWithGitea,
  removeTempDirs,
  runCommand as run,
  tempDir,
} from '../__testUtils__/gitea';
import { GitHost, startGitHost } from './gitHost';

jest.setTimeout(30000);

describe('git host compare API', () => {
  let gitHost: GitHost;

  beforeAll(async () => {
    gitHost = await startGitHost({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await gitHost.close();
    removeTempDirs();
  });

  it('lists the commits between two refs with their stats and files, as Gitea does', async () => {
    const ctx = await publishWithGitea(gitHost.url, 'owner=acme&repo=compared');
    const base = actionOutput(ctx, 'commitHash') as string;

    const dir = tempDir('githost-compare');
    await run('git', [
      'clone',
      '--quiet',
      `${gitHost.url}/acme/compared.git`,
      dir,
    ]);
    const git = (...args: string[]) =>
      run('git', [
        '-C',
        dir,
        '-c',
        'user.name=Dev',
        '-c',
        'user.email=dev@acme.example',
        ...args,
      ]);
    fs.writeFileSync(path.join(dir, 'NEW.md'), 'one\ntwo\nthree\n');
    await git('add', 'NEW.md');
    await git('commit', '--quiet', '-m', 'Add notes');
    fs.appendFileSync(path.join(dir, 'README.md'), 'more\n');
    await git('commit', '--quiet', '-am', 'Say more');
    const url = new URL(`${gitHost.url}/acme/compared.git`);
    url.username = 'portal';
    url.password = 'portal-sandbox-git';
    await git('push', '--quiet', url.href, 'HEAD:refs/heads/main');
    const head = (await git('rev-parse', 'HEAD')).stdout.trim();

    const res = await fetch(
      `${gitHost.url}/api/v1/repos/acme/compared/compare/${base}...${head}`,
      { headers: { Authorization: basicAuth() } },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total_commits).toBe(2);
    expect(body.commits.map((c: any) => c.commit.message.trim())).toEqual([
      'Add notes',
      'Say more',
    ]);
    expect(body.commits[0]).toMatchObject({
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      stats: { total: 3, additions: 3, deletions: 0 },
      files: [{ filename: 'NEW.md', status: 'added' }],
    });
    expect(body.commits[1]).toMatchObject({
      stats: { total: 1, additions: 1, deletions: 0 },
      files: [{ filename: 'README.md', status: 'modified' }],
    });

    const same = await fetch(
      `${gitHost.url}/api/v1/repos/acme/compared/compare/${head}...${head}`,
    );
    expect(await same.json()).toEqual({ total_commits: 0, commits: [] });

    const unknown = await fetch(
      `${gitHost.url}/api/v1/repos/acme/compared/compare/${base}...nope`,
    );
    expect(unknown.status).toBe(404);
  });
});
