import { IncomingMessage, ServerResponse } from 'node:http';
import { Account, GitHostAccounts } from './accounts';
import { notFound } from './giteaErrors';
import { GitReader } from './gitReader';
import { RepoRecord, RepositoryStore } from './repositoryStore';
import { WebSessions } from './webSessions';

/** What the git host's route handlers share. */
export interface GitHostContext {
  /** Gitea's ROOT_URL without the trailing slash; every link in a response starts with it. */
  root: string;
  store: RepositoryStore;
  accounts: GitHostAccounts;
  /** Signed-in browsers of the web UI. */
  sessions: WebSessions;
}

/** One request after routing and authentication. */
export interface GitHostRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Undefined for anonymous requests. */
  account?: Account;
}

export function reader(ctx: GitHostContext, repo: RepoRecord): GitReader {
  return new GitReader(ctx.store.gitDir(repo));
}

/**
 * The repository a request names, hidden (404) when private and the request
 * is anonymous, as Gitea hides private repositories from strangers.
 */
export function visibleRepo(
  ctx: GitHostContext,
  request: GitHostRequest,
  owner: string,
  name: string,
): RepoRecord {
  const repo = ctx.store.getRepo(owner, name);
  if (!repo || (repo.private && !request.account))
    throw notFound(
      `repository does not exist [id: 0, uid: 0, owner_name: ${owner}, name: ${name}]`,
    );
  return repo;
}
