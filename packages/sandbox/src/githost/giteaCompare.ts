import { sendJson } from '../util/http';
import { gitText } from './gitCommand';
import {
  GitHostContext,
  GitHostRequest,
  reader,
  visibleRepo,
} from './gitHostContext';
import { notFound } from './giteaErrors';
import { toCommit } from './giteaModels';

/** Gitea's `CommitAffectedFiles.status` for git's `--name-status` letters. */
const FILE_STATUS: Record<string, string> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  C: 'copied',
  T: 'modified',
};

async function commitDetails(gitDir: string, sha: string) {
  // --root: a first commit's files count as added, as Gitea reports them.
  const numstat = await gitText(
    ['diff-tree', '--root', '--no-commit-id', '-r', '--numstat', sha],
    { gitDir },
  );
  let additions = 0;
  let deletions = 0;
  for (const line of numstat.split('\n').filter(Boolean)) {
    const [added, deleted] = line.split('\t');
    // Binary files show "-"; Gitea counts them as zero lines.
    additions += Number(added) || 0;
    deletions += Number(deleted) || 0;
  }
  const nameStatus = await gitText(
    ['diff-tree', '--root', '--no-commit-id', '-r', '--name-status', sha],
    { gitDir },
  );
  const files = nameStatus
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const parts = line.split('\t');
      return {
        filename: parts[parts.length - 1],
        status: FILE_STATUS[parts[0][0]] ?? 'modified',
      };
    });
  return {
    stats: { total: additions + deletions, additions, deletions },
    files,
  };
}

/**
 * `GET /api/v1/repos/{owner}/{repo}/compare/{base}...{head}` as Gitea 1.22
 * answers it: the commits reachable from head and not from base, oldest
 * first, each with its line stats and affected files (`stat`, `files` on).
 * Forks (`owner:branch` heads) are not modelled and answer 404.
 */
export function createGiteaCompare(ctx: GitHostContext) {
  return async (
    request: GitHostRequest,
    [owner, name, basehead]: string[],
  ): Promise<void> => {
    const repo = visibleRepo(ctx, request, owner, name);
    const spec = decodeURIComponent(basehead);
    const separator = spec.includes('...') ? '...' : '..';
    const [base, head] = spec.split(separator);
    if (!base || !head || head.includes(':'))
      throw notFound(`compare spec ${spec} names no two refs`);
    const git = reader(ctx, repo);
    const baseSha = await git.resolveCommit(base);
    const headSha = await git.resolveCommit(head);
    if (!baseSha || !headSha)
      throw notFound(
        `object does not exist [id: ${baseSha ? head : base}, rel_path: ]`,
      );
    const gitDir = ctx.store.gitDir(repo);
    const list = await gitText(
      ['rev-list', '--reverse', `${baseSha}..${headSha}`],
      { gitDir },
    );
    const commits = [];
    for (const sha of list.split('\n').filter(Boolean)) {
      commits.push({
        ...toCommit(ctx.root, repo, await git.commit(sha)),
        ...(await commitDetails(gitDir, sha)),
      });
    }
    sendJson(request.res, 200, {
      total_commits: commits.length,
      commits,
    });
  };
}
