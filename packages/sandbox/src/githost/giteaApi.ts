import { BodyTooLargeError, readBody, sendJson } from '../util/http';
import { Account } from './accounts';
import {
  GitHostContext,
  GitHostRequest,
  reader,
  visibleRepo,
} from './gitHostContext';
import {
  GiteaApiError,
  notFound,
  unauthorized,
  unprocessable,
} from './giteaErrors';
import {
  toBranch,
  toCommit,
  toContents,
  toOrganization,
  toRepository,
  toUser,
} from './giteaModels';
import { createGiteaCompare } from './giteaCompare';
import { cleanPath } from './gitReader';
import { RepoRecord } from './repositoryStore';
import { sendArchive, sendBlob } from './responses';

/** The Gitea version the API reports; its REST API is what is mirrored here. */
export const GITEA_VERSION = '1.22.6';

type Handler = (request: GitHostRequest, params: string[]) => Promise<void>;

/** `reqToken()` in Gitea: the endpoint needs a signed-in user. */
function requireAccount(request: GitHostRequest): Account {
  if (!request.account) throw unauthorized('token is required');
  return request.account;
}

async function jsonBody(
  request: GitHostRequest,
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readBody(request.req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new GiteaApiError(413, error.message);
    }
    throw error;
  }
  if (!text.trim()) return {};
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body;
  } catch {
    // answered below, as Gitea's binding does
  }
  throw unprocessable('[]: Json');
}

/**
 * The subset of Gitea's REST API (`/api/v1`) that Backstage's Gitea pieces
 * call (publish:gitea, the Gitea URL reader, the integration helpers), plus
 * the read endpoints their responses link to.
 */
export function createGiteaApi(ctx: GitHostContext) {
  const { store } = ctx;

  const repoJson = async (repo: RepoRecord) => {
    const owner = store.findOwner(repo.owner)!;
    const branches = await reader(ctx, repo).branches();
    return toRepository(ctx.root, repo, owner, {
      empty: branches.length === 0,
      size: 0,
    });
  };

  const orgOr404 = (name: string) => {
    const org = store.getOrg(name);
    if (!org) throw notFound(`org does not exist [id: 0, name: ${name}]`);
    return org;
  };

  /** A ref parameter resolved to a commit; Gitea 404s unknown refs. */
  const commitOf = async (repo: RepoRecord, ref: string) => {
    const sha = await reader(ctx, repo).resolveCommit(ref);
    if (!sha) throw notFound(`object does not exist [id: ${ref}, rel_path: ]`);
    return sha;
  };

  const contents: Handler = async (request, [owner, name, rawPath = '']) => {
    const repo = visibleRepo(ctx, request, owner, name);
    const path = cleanPath(decodeURIComponent(rawPath));
    if (path === undefined) throw notFound();
    const ref = request.url.searchParams.get('ref') || repo.defaultBranch;
    const git = reader(ctx, repo);
    const commit = await commitOf(repo, ref);
    const entry = await git.entry(commit, path);
    if (!entry)
      throw notFound(`object does not exist [id: , rel_path: ${path}]`);
    if (entry.type === 'dir') {
      const entries = await git.list(commit, path);
      const items = [];
      for (const child of entries) {
        const last = await git.lastCommitFor(commit, child.path);
        items.push(toContents(ctx.root, repo, ref, child, last));
      }
      sendJson(request.res, 200, items);
      return;
    }
    const last = await git.lastCommitFor(commit, path);
    const content =
      entry.type === 'file' ? await git.blob(entry.sha) : undefined;
    sendJson(
      request.res,
      200,
      toContents(ctx.root, repo, ref, entry, last, content),
    );
  };

  const routes: Array<[string, RegExp, Handler]> = [
    [
      'GET',
      /^\/version$/,
      async ({ res }) => sendJson(res, 200, { version: GITEA_VERSION }),
    ],
    [
      'GET',
      /^\/user$/,
      async request =>
        sendJson(request.res, 200, toUser(ctx.root, requireAccount(request))),
    ],
    [
      'GET',
      /^\/users\/([^/]+)$/,
      async ({ res }, [name]) => {
        const owner = store.findOwner(name);
        if (!owner)
          throw notFound(`user redirect does not exist [name: ${name}]`);
        sendJson(
          res,
          200,
          toUser(ctx.root, { id: owner.id, username: owner.name }),
        );
      },
    ],
    [
      'GET',
      /^\/orgs$/,
      async ({ res }) =>
        sendJson(
          res,
          200,
          store.listOrgs().map(o => toOrganization(ctx.root, o)),
        ),
    ],
    [
      'POST',
      /^\/orgs$/,
      async request => {
        requireAccount(request);
        const org = store.createOrg(await jsonBody(request));
        sendJson(request.res, 201, toOrganization(ctx.root, org));
      },
    ],
    [
      'GET',
      /^\/orgs\/([^/]+)$/,
      async ({ res }, [name]) =>
        sendJson(res, 200, toOrganization(ctx.root, orgOr404(name))),
    ],
    [
      'GET',
      /^\/(?:orgs|users)\/([^/]+)\/repos$/,
      async (request, [owner]) => {
        if (!store.findOwner(owner)) throw notFound();
        const repos = store
          .listRepos(owner)
          .filter(r => !r.private || request.account);
        sendJson(request.res, 200, await Promise.all(repos.map(repoJson)));
      },
    ],
    [
      'POST',
      /^\/orgs\/([^/]+)\/repos$/,
      async (request, [owner]) => {
        const account = requireAccount(request);
        const org = orgOr404(owner);
        const repo = await store.createRepo(
          org.name,
          await jsonBody(request),
          account,
        );
        sendJson(request.res, 201, await repoJson(repo));
      },
    ],
    [
      'GET',
      /^\/user\/repos$/,
      async request => {
        const account = requireAccount(request);
        const repos = store.listRepos(account.username);
        sendJson(request.res, 200, await Promise.all(repos.map(repoJson)));
      },
    ],
    [
      'POST',
      /^\/user\/repos$/,
      async request => {
        const account = requireAccount(request);
        const repo = await store.createRepo(
          account.username,
          await jsonBody(request),
          account,
        );
        sendJson(request.res, 201, await repoJson(repo));
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)$/,
      async (request, [owner, name]) =>
        sendJson(
          request.res,
          200,
          await repoJson(visibleRepo(ctx, request, owner, name)),
        ),
    ],
    [
      'DELETE',
      /^\/repos\/([^/]+)\/([^/]+)$/,
      async (request, [owner, name]) => {
        requireAccount(request);
        store.deleteRepo(visibleRepo(ctx, request, owner, name));
        request.res.writeHead(204).end();
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/branches$/,
      async (request, [owner, name]) => {
        const repo = visibleRepo(ctx, request, owner, name);
        const git = reader(ctx, repo);
        const branches = [];
        for (const b of await git.branches())
          branches.push(
            toBranch(ctx.root, repo, b.name, await git.commit(b.sha)),
          );
        sendJson(request.res, 200, branches);
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/branches\/(.+)$/,
      async (request, [owner, name, branch]) => {
        const repo = visibleRepo(ctx, request, owner, name);
        const git = reader(ctx, repo);
        const found = (await git.branches()).find(b => b.name === branch);
        if (!found) throw notFound(`branch does not exist [name: ${branch}]`);
        sendJson(
          request.res,
          200,
          toBranch(ctx.root, repo, branch, await git.commit(found.sha)),
        );
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/git\/commits\/([^/]+)$/,
      async (request, [owner, name, ref]) => {
        const repo = visibleRepo(ctx, request, owner, name);
        const sha = await commitOf(repo, ref);
        sendJson(
          request.res,
          200,
          toCommit(ctx.root, repo, await reader(ctx, repo).commit(sha)),
        );
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/git\/blobs\/([0-9a-f]{40})$/,
      async (request, [owner, name, sha]) => {
        const repo = visibleRepo(ctx, request, owner, name);
        let content: Buffer;
        try {
          content = await reader(ctx, repo).blob(sha);
        } catch {
          throw notFound(`object does not exist [id: ${sha}, rel_path: ]`);
        }
        sendJson(request.res, 200, {
          content: content.toString('base64'),
          encoding: 'base64',
          url: `${ctx.root}/api/v1/repos/${repo.owner}/${repo.name}/git/blobs/${sha}`,
          sha,
          size: content.length,
        });
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/compare\/(.+)$/,
      createGiteaCompare(ctx),
    ],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/contents\/?$/, contents],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/, contents],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/raw\/(.+)$/,
      async (request, [owner, name, rawPath]) => {
        const repo = visibleRepo(ctx, request, owner, name);
        const path = cleanPath(decodeURIComponent(rawPath));
        const ref = request.url.searchParams.get('ref') || repo.defaultBranch;
        if (!path) throw notFound();
        await sendBlob(
          request.res,
          reader(ctx, repo),
          await commitOf(repo, ref),
          path,
        );
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/archive\/(.+)\.(tar\.gz|zip)$/,
      async (request, [owner, name, ref, format]) => {
        const repo = visibleRepo(ctx, request, owner, name);
        const sha = await commitOf(repo, decodeURIComponent(ref));
        await sendArchive(
          request.res,
          reader(ctx, repo),
          repo,
          sha,
          ref,
          format as 'tar.gz' | 'zip',
        );
      },
    ],
  ];

  return async (request: GitHostRequest, path: string): Promise<void> => {
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(path);
      if (
        match &&
        (request.req.method === method ||
          (method === 'GET' && request.req.method === 'HEAD'))
      ) {
        await handler(request, match.slice(1));
        return;
      }
    }
    throw notFound();
  };
}

export function sendGiteaError(
  request: GitHostRequest,
  root: string,
  error: GiteaApiError,
): void {
  sendJson(request.res, error.status, error.toBody(`${root}/api/swagger`));
}
