import fs from 'node:fs';
import path from 'node:path';
import { Account, GitHostAccounts } from './accounts';
import { gitText, runGit } from './gitCommand';
import { conflict, notFound, unprocessable } from './giteaErrors';

export interface OrgRecord {
  id: number;
  name: string;
  fullName: string;
  description: string;
  website: string;
  location: string;
  visibility: 'public' | 'limited' | 'private';
  createdAt: string;
}

export interface RepoRecord {
  id: number;
  /** Owner as spelled at creation (an org or a user). */
  owner: string;
  name: string;
  description: string;
  private: boolean;
  defaultBranch: string;
  createdAt: string;
  updatedAt: string;
}

export type Owner =
  | { kind: 'user'; id: number; name: string }
  | { kind: 'org'; id: number; name: string; org: OrgRecord };

interface Metadata {
  nextUserId: number;
  nextRepoId: number;
  orgs: OrgRecord[];
  repos: RepoRecord[];
}

/** Gitea's `AlphaDashDot` binding plus its reserved names and patterns. */
function checkRepoName(name: unknown): string {
  if (typeof name !== 'string' || !name)
    throw unprocessable('[Name]: Required');
  if (name.length > 100) throw unprocessable('[Name]: MaxSize');
  if (!/^[-.\w]+$/.test(name)) throw unprocessable('[Name]: AlphaDashDot');
  if (['.', '..', '-'].includes(name))
    throw unprocessable(`name is reserved [name: ${name}]`);
  const pattern = ['*.git', '*.wiki', '*.rss', '*.atom'].find(p =>
    name.toLowerCase().endsWith(p.slice(1)),
  );
  if (pattern)
    throw unprocessable(`name pattern is not allowed [pattern: ${pattern}]`);
  return name;
}

/** Gitea's `Username` binding, which organisation names follow too. */
function checkOwnerName(name: unknown): string {
  if (typeof name !== 'string' || !name)
    throw unprocessable('[UserName]: Required');
  if (name.length > 40) throw unprocessable('[UserName]: MaxSize');
  if (!/^[\da-zA-Z][-.\w]*$/.test(name) || /[-._]{2,}|[-._]$/.test(name))
    throw unprocessable('[UserName]: Username');
  return name;
}

const key = (owner: string, name: string) =>
  `${owner.toLowerCase()}/${name.toLowerCase()}`;

/**
 * Organisations and repositories of the git host. Repositories are bare git
 * repositories under `<dataDir>/<owner>/<name>.git` (lower case, as Gitea
 * lays them out); what git does not store (ids, descriptions, visibility,
 * organisations) is kept in `<dataDir>/sandbox-githost.json`, so a data
 * directory survives restarts.
 */
export class RepositoryStore {
  private readonly metadataFile: string;
  private metadata: Metadata;

  constructor(
    readonly dataDir: string,
    private readonly accounts: GitHostAccounts,
    seedOrgs: string[] = [],
    private readonly now: () => number = Date.now,
  ) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.metadataFile = path.join(dataDir, 'sandbox-githost.json');
    this.metadata = fs.existsSync(this.metadataFile)
      ? JSON.parse(fs.readFileSync(this.metadataFile, 'utf8'))
      : {
          nextUserId: accounts.list().length + 1,
          nextRepoId: 1,
          orgs: [],
          repos: [],
        };
    // Users may have been added since the data directory was created.
    this.metadata.nextUserId = Math.max(
      this.metadata.nextUserId,
      accounts.list().length + 1,
    );
    for (const name of seedOrgs) {
      if (!this.findOwner(name)) this.createOrg({ username: name });
    }
  }

  private save(): void {
    const tmp = `${this.metadataFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.metadata, null, 2));
    fs.renameSync(tmp, this.metadataFile);
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  }

  findOwner(name: string): Owner | undefined {
    const account = this.accounts.find(name);
    if (account)
      return { kind: 'user', id: account.id, name: account.username };
    const org = this.getOrg(name);
    return org && { kind: 'org', id: org.id, name: org.name, org };
  }

  getOrg(name: string): OrgRecord | undefined {
    return this.metadata.orgs.find(
      o => o.name.toLowerCase() === name.toLowerCase(),
    );
  }

  listOrgs(): OrgRecord[] {
    return [...this.metadata.orgs];
  }

  /** POST /api/v1/orgs: 422 when a user or organisation has the name. */
  createOrg(body: Record<string, unknown>): OrgRecord {
    const name = checkOwnerName(body.username);
    if (this.findOwner(name))
      throw unprocessable(`user already exists [name: ${name}]`);
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const visibility = ['limited', 'private'].includes(str(body.visibility))
      ? (body.visibility as OrgRecord['visibility'])
      : 'public';
    const org: OrgRecord = {
      id: this.metadata.nextUserId++,
      name,
      fullName: str(body.full_name),
      description: str(body.description),
      website: str(body.website),
      location: str(body.location),
      visibility,
      createdAt: this.timestamp(),
    };
    this.metadata.orgs.push(org);
    this.save();
    return org;
  }

  getRepo(owner: string, name: string): RepoRecord | undefined {
    return this.metadata.repos.find(
      r => key(r.owner, r.name) === key(owner, name),
    );
  }

  listRepos(owner?: string): RepoRecord[] {
    return this.metadata.repos.filter(
      r => !owner || r.owner.toLowerCase() === owner.toLowerCase(),
    );
  }

  gitDir(repo: Pick<RepoRecord, 'owner' | 'name'>): string {
    return path.join(this.dataDir, `${key(repo.owner, repo.name)}.git`);
  }

  /**
   * POST /api/v1/orgs/{org}/repos and /user/repos: a bare repository whose
   * HEAD names the default branch (Gitea's default `main`); with `auto_init`
   * an initial commit holding a README.
   */
  async createRepo(
    ownerName: string,
    body: Record<string, unknown>,
    doer: Account,
  ): Promise<RepoRecord> {
    const owner = this.findOwner(ownerName);
    if (!owner)
      throw notFound(`user redirect does not exist [name: ${ownerName}]`);
    const name = checkRepoName(body.name);
    if (this.getRepo(owner.name, name))
      throw conflict('The repository with the same name already exists.');
    const defaultBranch =
      typeof body.default_branch === 'string' && body.default_branch
        ? body.default_branch
        : 'main';
    const created = this.timestamp();
    const repo: RepoRecord = {
      id: this.metadata.nextRepoId++,
      owner: owner.name,
      name,
      description: typeof body.description === 'string' ? body.description : '',
      private: body.private === true,
      defaultBranch,
      createdAt: created,
      updatedAt: created,
    };
    // Recorded before git runs, so a concurrent create of the same name gets 409.
    this.metadata.repos.push(repo);
    try {
      const gitDir = this.gitDir(repo);
      fs.rmSync(gitDir, { recursive: true, force: true });
      fs.mkdirSync(gitDir, { recursive: true });
      await runGit([
        'init',
        '--bare',
        '--quiet',
        `--initial-branch=${defaultBranch}`,
        gitDir,
      ]);
      if (body.auto_init === true) await this.initialCommit(repo, doer);
    } catch (e) {
      this.metadata.repos = this.metadata.repos.filter(r => r !== repo);
      throw e;
    }
    this.save();
    return repo;
  }

  private async initialCommit(repo: RepoRecord, doer: Account): Promise<void> {
    const gitDir = this.gitDir(repo);
    const readme = `# ${repo.name}\n\n${repo.description}\n`;
    const blob = await gitText(['hash-object', '-w', '--stdin'], {
      gitDir,
      input: readme,
    });
    const tree = await gitText(['mktree'], {
      gitDir,
      input: `100644 blob ${blob}\tREADME.md\n`,
    });
    const identity = {
      GIT_AUTHOR_NAME: doer.username,
      GIT_AUTHOR_EMAIL: `${doer.username}@noreply.localhost`,
      GIT_COMMITTER_NAME: doer.username,
      GIT_COMMITTER_EMAIL: `${doer.username}@noreply.localhost`,
    };
    const commit = await gitText(
      ['commit-tree', tree, '-m', 'Initial commit'],
      {
        gitDir,
        env: identity,
      },
    );
    await runGit(['update-ref', `refs/heads/${repo.defaultBranch}`, commit], {
      gitDir,
    });
  }

  deleteRepo(repo: RepoRecord): void {
    this.metadata.repos = this.metadata.repos.filter(r => r !== repo);
    fs.rmSync(this.gitDir(repo), { recursive: true, force: true });
    this.save();
  }

  /** After a push: the update time, and the default branch of a repository that was empty. */
  pushed(repo: RepoRecord, defaultBranch?: string): void {
    repo.updatedAt = this.timestamp();
    if (defaultBranch) repo.defaultBranch = defaultBranch;
    this.save();
  }
}
