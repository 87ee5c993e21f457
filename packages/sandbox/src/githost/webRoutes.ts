import { sendText } from '../util/http';
import {
  GitHostContext,
  GitHostRequest,
  reader,
  visibleRepo,
} from './gitHostContext';
import { GiteaApiError, notFound } from './giteaErrors';
import { GitReader, cleanPath, isSafeRef } from './gitReader';
import { RepoRecord } from './repositoryStore';
import { escapeHtml, sendArchive, sendBlob, sendHtml } from './responses';

type RefKind = 'branch' | 'tag' | 'commit';

/**
 * Splits `<ref>/<path>` the way Gitea does for `src/branch/...` and
 * `raw/branch/...`: ref names may contain slashes, so the shortest prefix
 * that names an existing ref of the kind wins.
 */
async function splitRefPath(
  git: GitReader,
  kind: RefKind,
  rest: string,
): Promise<{ ref: string; commit: string; path: string } | undefined> {
  const segments = rest.split('/').map(decodeURIComponent);
  const refs = await git.refs();
  for (let i = 1; i <= segments.length; i++) {
    const ref = segments.slice(0, i).join('/');
    const path = cleanPath(segments.slice(i).join('/'));
    if (path === undefined || !isSafeRef(ref)) continue;
    let commit: string | undefined;
    if (kind === 'branch') commit = refs.get(`refs/heads/${ref}`);
    else if (kind === 'tag') commit = await git.resolveCommit(ref);
    else if (/^[0-9a-f]{4,40}$/.test(ref))
      commit = await git.resolveCommit(ref);
    if (commit) return { ref, commit, path };
  }
  return undefined;
}

/**
 * The few web UI routes clients rely on: the repository page and
 * `src/branch/<branch>` (publish:gitea polls it until the pushed branch
 * exists), `raw/...` file downloads and `archive/<ref>.tar.gz|zip`. Pages
 * are minimal HTML listings, not Gitea's UI.
 */
export function createWebRoutes(ctx: GitHostContext) {
  const tree = async (
    request: GitHostRequest,
    owner: string,
    name: string,
    kind: RefKind,
    rest: string,
  ) => {
    const repo = visibleRepo(ctx, request, owner, name);
    const git = reader(ctx, repo);
    const target = await splitRefPath(git, kind, rest);
    const entry = target && (await git.entry(target.commit, target.path));
    if (!target || !entry) throw notFound();
    const title = `${repo.owner}/${repo.name} at ${target.ref}${
      target.path ? `: ${target.path}` : ''
    }`;
    if (entry.type === 'dir') {
      const items = (await git.list(target.commit, target.path))
        .map(
          e =>
            `<li><a href="${ctx.root}/${repo.owner}/${repo.name}/src/${kind}/${
              target.ref
            }/${e.path}">${escapeHtml(e.name)}${
              e.type === 'dir' ? '/' : ''
            }</a></li>`,
        )
        .join('\n');
      sendHtml(request.res, 200, title, `<ul>\n${items}\n</ul>`);
    } else {
      const content = (await git.blob(entry.sha)).toString('utf8');
      sendHtml(request.res, 200, title, `<pre>${escapeHtml(content)}</pre>`);
    }
  };

  /** `_edit/<branch>/<path>`: signed-in users only, as Gitea's reqSignIn. */
  const editFile = async (
    request: GitHostRequest,
    repo: RepoRecord,
    refPath: string,
  ) => {
    if (!ctx.sessions.requireSignIn(request)) return;
    const git = reader(ctx, repo);
    const target = await splitRefPath(git, 'branch', refPath);
    const entry = target?.path && (await git.entry(target.commit, target.path));
    if (!target || !entry || entry.type === 'dir') throw notFound();
    const content = (await git.blob(entry.sha)).toString('utf8');
    sendHtml(
      request.res,
      200,
      `Edit ${repo.owner}/${repo.name}: ${target.path} on ${target.ref}`,
      `<form method="post">
<input name="tree_path" value="${escapeHtml(target.path)}">
<textarea name="content" rows="30" cols="100">${escapeHtml(content)}</textarea>
</form>`,
    );
  };

  return async (request: GitHostRequest, segments: string[]) => {
    const [owner, repoSegment, action, kind, ...rest] = segments;
    // RepoAssignment: `<repo>.git` names the repository too (the clone URL opens its page).
    const name = repoSegment?.replace(/\.git$/, '');
    try {
      if (!name) {
        const found = ctx.store.findOwner(owner);
        if (!found) throw notFound();
        const repos = ctx.store
          .listRepos(found.name)
          .filter(r => !r.private || request.account)
          .map(
            r =>
              `<li><a href="${ctx.root}/${r.owner}/${r.name}">${escapeHtml(
                r.name,
              )}</a></li>`,
          );
        sendHtml(
          request.res,
          200,
          found.name,
          `<ul>\n${repos.join('\n')}\n</ul>`,
        );
        return;
      }
      const repo = visibleRepo(ctx, request, owner, name);
      if (!action) {
        const branch = (await reader(ctx, repo).branches()).find(
          b => b.name === repo.defaultBranch,
        );
        if (!branch) {
          sendHtml(
            request.res,
            200,
            `${repo.owner}/${repo.name}`,
            '<p>This repository is empty.</p>',
          );
          return;
        }
        await tree(request, owner, name, 'branch', repo.defaultBranch);
        return;
      }
      const refKind = (['branch', 'tag', 'commit'] as const).find(
        k => k === kind,
      );
      if (action === 'src' && refKind) {
        await tree(request, owner, name, refKind, rest.join('/'));
        return;
      }
      if (action === 'raw' && refKind) {
        const target = await splitRefPath(
          reader(ctx, repo),
          refKind,
          rest.join('/'),
        );
        if (!target?.path) throw notFound();
        await sendBlob(
          request.res,
          reader(ctx, repo),
          target.commit,
          target.path,
        );
        return;
      }
      if (action === '_edit') {
        await editFile(request, repo, [kind, ...rest].join('/'));
        return;
      }
      const archive = /^(.+)\.(tar\.gz|zip)$/.exec([kind, ...rest].join('/'));
      if (action === 'archive' && archive) {
        const ref = decodeURIComponent(archive[1]);
        const commit = await reader(ctx, repo).resolveCommit(ref);
        if (!commit) throw notFound();
        await sendArchive(
          request.res,
          reader(ctx, repo),
          repo,
          commit,
          ref,
          archive[2] as 'tar.gz' | 'zip',
        );
        return;
      }
      throw notFound();
    } catch (error) {
      // The web UI answers with pages, not API JSON.
      if (error instanceof GiteaApiError && error.status === 404) {
        sendText(request.res, 404, 'Not found.\n');
        return;
      }
      throw error;
    }
  };
}
