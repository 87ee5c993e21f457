import { GitHostContext, GitHostRequest, reader } from './gitHostContext';
import { runHttpBackend } from './httpBackend';
import { ZERO_SHA } from './gitReader';
import { RepoRecord } from './repositoryStore';
import { sendText } from '../util/http';

export interface RefUpdate {
  ref: string;
  before: string;
  after: string;
}

/** A completed push, as a post-receive hook would see it. */
export interface PushEvent {
  owner: string;
  repo: string;
  defaultBranch: string;
  /** The bare repository on disk. */
  gitDir: string;
  /** The HTTP clone URL (needs credentials if the repository is private). */
  cloneUrl: string;
  pusher: string;
  updates: RefUpdate[];
}

/** Paths below `<owner>/<repo>.git/` that git's HTTP transports request. */
const GIT_PATH =
  /^(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.+)$/;

/** A 401 with a Basic challenge: git sends credentials only after one. */
export function sendGitChallenge(
  request: GitHostRequest,
  message: string,
): void {
  request.res.setHeader('WWW-Authenticate', 'Basic realm="Gitea"');
  sendText(request.res, 401, `${message}\n`);
}

export function isGitTransportPath(rest: string): boolean {
  return GIT_PATH.test(rest);
}

/**
 * git over HTTP for `/<owner>/<repo>.git/...` (the `.git` is optional, as on
 * Gitea). Pushes need a user; clones of public repositories do not. git only
 * sends credentials after a 401 with a Basic challenge, so that is how
 * missing or wrong credentials are answered. After each push the ref changes
 * are reported, which is where the sandbox's CI hooks in.
 */
export function createGitTransport(
  ctx: GitHostContext,
  onPush: (event: PushEvent) => void,
) {
  // One push at a time per repository, so before/after ref snapshots belong to one push.
  const pushLocks = new Map<string, Promise<unknown>>();

  const afterReceive = async (
    request: GitHostRequest,
    repo: RepoRecord,
    before: Map<string, string>,
  ) => {
    const git = reader(ctx, repo);
    const after = await git.refs();
    const updates: RefUpdate[] = [];
    for (const ref of new Set([...before.keys(), ...after.keys()])) {
      const old = before.get(ref) ?? ZERO_SHA;
      const now = after.get(ref) ?? ZERO_SHA;
      if (old !== now) updates.push({ ref, before: old, after: now });
    }
    if (!updates.length) return;
    // Gitea makes the first pushed branch the default when the configured one was not pushed.
    const heads = [...after.keys()].filter(r => r.startsWith('refs/heads/'));
    let newDefault: string | undefined;
    if (heads.length && !after.has(`refs/heads/${repo.defaultBranch}`)) {
      newDefault = heads[0].slice('refs/heads/'.length);
      await git.setHead(newDefault);
    }
    ctx.store.pushed(repo, newDefault);
    onPush({
      owner: repo.owner,
      repo: repo.name,
      defaultBranch: repo.defaultBranch,
      gitDir: ctx.store.gitDir(repo),
      cloneUrl: `${ctx.root}/${repo.owner}/${repo.name}.git`,
      pusher: request.account!.username,
      updates,
    });
  };

  const receive = async (
    request: GitHostRequest,
    repo: RepoRecord,
    pathInfo: string,
  ) => {
    const git = reader(ctx, repo);
    const before = await git.refs();
    await runHttpBackend({
      req: request.req,
      res: request.res,
      projectRoot: ctx.store.dataDir,
      pathInfo,
      query: request.url.search.slice(1),
      remoteUser: request.account!.username,
      beforeEnd: () => afterReceive(request, repo, before),
    });
  };

  return async (
    request: GitHostRequest,
    owner: string,
    name: string,
    rest: string,
  ): Promise<void> => {
    const repo = ctx.store.getRepo(owner, name.replace(/\.git$/, ''));
    // info/refs names the service in its query; the service endpoints are their own path.
    const service =
      rest === 'info/refs' ? request.url.searchParams.get('service') : rest;
    const pushing = service === 'git-receive-pack';
    if (!repo) {
      sendText(request.res, 404, 'Repository not found\n');
      return;
    }
    if (!request.account && (pushing || repo.private)) {
      sendGitChallenge(request, 'Unauthorized');
      return;
    }
    const pathInfo = `/${repo.owner.toLowerCase()}/${repo.name.toLowerCase()}.git/${rest}`;
    if (rest !== 'git-receive-pack') {
      await runHttpBackend({
        req: request.req,
        res: request.res,
        projectRoot: ctx.store.dataDir,
        pathInfo,
        query: request.url.search.slice(1),
        remoteUser: request.account?.username,
      });
      return;
    }
    const lockKey = `${repo.owner}/${repo.name}`.toLowerCase();
    const previous = pushLocks.get(lockKey) ?? Promise.resolve();
    const current = previous
      .catch(() => {})
      .then(() => receive(request, repo, pathInfo));
    pushLocks.set(lockKey, current);
    try {
      await current;
    } finally {
      if (pushLocks.get(lockKey) === current) pushLocks.delete(lockKey);
    }
  };
}
