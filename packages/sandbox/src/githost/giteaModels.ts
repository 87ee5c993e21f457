import { CommitInfo, TreeEntry } from './gitReader';
import { OrgRecord, RepoRecord } from './repositoryStore';

/**
 * The JSON Gitea's API returns (modules/structs in Gitea 1.22): the fields
 * clients read, with Gitea's names and null/empty conventions. Counters the
 * sandbox does not track (stars, issues, ...) are zero.
 */

const EPOCH = '1970-01-01T00:00:00Z';

export function avatarUrl(root: string, name: string): string {
  return `${root}/avatars/${encodeURIComponent(name.toLowerCase())}`;
}

export function toUser(
  root: string,
  user: { id: number; username: string },
  created = EPOCH,
) {
  return {
    id: user.id,
    login: user.username,
    login_name: '',
    source_id: 0,
    full_name: '',
    email: `${user.username}@noreply.localhost`,
    avatar_url: avatarUrl(root, user.username),
    html_url: `${root}/${user.username}`,
    language: '',
    is_admin: true,
    last_login: created,
    created,
    restricted: false,
    active: true,
    prohibit_login: false,
    location: '',
    website: '',
    description: '',
    visibility: 'public',
    followers_count: 0,
    following_count: 0,
    starred_repos_count: 0,
    username: user.username,
  };
}

export function toOrganization(root: string, org: OrgRecord) {
  return {
    id: org.id,
    name: org.name,
    full_name: org.fullName,
    email: '',
    avatar_url: avatarUrl(root, org.name),
    description: org.description,
    website: org.website,
    location: org.location,
    visibility: org.visibility,
    repo_admin_change_team_access: false,
    username: org.name,
  };
}

export function toRepository(
  root: string,
  repo: RepoRecord,
  owner: { id: number; name: string },
  state: { empty: boolean; size: number },
) {
  const fullName = `${repo.owner}/${repo.name}`;
  const htmlUrl = `${root}/${fullName}`;
  const host = new URL(root).hostname;
  return {
    id: repo.id,
    owner: toUser(root, { id: owner.id, username: owner.name }),
    name: repo.name,
    full_name: fullName,
    description: repo.description,
    empty: state.empty,
    private: repo.private,
    fork: false,
    template: false,
    parent: null,
    mirror: false,
    size: state.size,
    language: '',
    languages_url: `${root}/api/v1/repos/${fullName}/languages`,
    html_url: htmlUrl,
    url: `${root}/api/v1/repos/${fullName}`,
    link: '',
    ssh_url: `git@${host}:${fullName}.git`,
    clone_url: `${htmlUrl}.git`,
    original_url: '',
    website: '',
    stars_count: 0,
    forks_count: 0,
    watchers_count: 1,
    open_issues_count: 0,
    open_pr_counter: 0,
    release_counter: 0,
    default_branch: repo.defaultBranch,
    archived: false,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    archived_at: EPOCH,
    permissions: { admin: true, push: true, pull: true },
    has_issues: true,
    has_wiki: true,
    has_pull_requests: true,
    has_projects: true,
    has_releases: true,
    has_packages: true,
    has_actions: false,
    internal: false,
    mirror_interval: '',
    object_format_name: 'sha1',
    topics: [],
  };
}

export function toContents(
  root: string,
  repo: RepoRecord,
  ref: string,
  entry: TreeEntry,
  lastCommitSha: string,
  content?: Buffer,
) {
  const fullName = `${repo.owner}/${repo.name}`;
  const encodedPath = entry.path.split('/').map(encodeURIComponent).join('/');
  const self = `${root}/api/v1/repos/${fullName}/contents/${encodedPath}?ref=${encodeURIComponent(
    ref,
  )}`;
  const git = `${root}/api/v1/repos/${fullName}/git/${
    entry.type === 'dir' ? 'trees' : 'blobs'
  }/${entry.sha}`;
  const html = `${root}/${fullName}/src/branch/${ref}/${encodedPath}`;
  const isFile = entry.type === 'file';
  return {
    name: entry.name,
    path: entry.path,
    sha: entry.sha,
    last_commit_sha: lastCommitSha,
    type: entry.type,
    size: entry.size,
    encoding: content && isFile ? 'base64' : null,
    content: content && isFile ? content.toString('base64') : null,
    target: null,
    url: self,
    html_url: html,
    git_url: git,
    download_url: isFile
      ? `${root}/${fullName}/raw/branch/${ref}/${encodedPath}`
      : null,
    submodule_git_url: null,
    _links: { self, git, html },
  };
}

export function toCommit(root: string, repo: RepoRecord, commit: CommitInfo) {
  const fullName = `${repo.owner}/${repo.name}`;
  const api = `${root}/api/v1/repos/${fullName}/git/commits`;
  return {
    url: `${api}/${commit.sha}`,
    sha: commit.sha,
    created: commit.committer.date,
    html_url: `${root}/${fullName}/commit/${commit.sha}`,
    commit: {
      url: `${api}/${commit.sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      tree: {
        url: `${root}/api/v1/repos/${fullName}/git/trees/${commit.tree}`,
        sha: commit.tree,
        created: commit.committer.date,
      },
      verification: {
        verified: false,
        reason: 'gpg.error.not_signed_commit',
        signature: '',
        signer: null,
        payload: '',
      },
    },
    author: null,
    committer: null,
    parents: commit.parents.map(sha => ({
      url: `${api}/${sha}`,
      sha,
      created: EPOCH,
    })),
    files: null,
    stats: null,
  };
}

export function toBranch(
  root: string,
  repo: RepoRecord,
  name: string,
  commit: CommitInfo,
) {
  const fullName = `${repo.owner}/${repo.name}`;
  const identity = (p: CommitInfo['author']) => ({
    name: p.name,
    email: p.email,
    username: '',
  });
  return {
    name,
    commit: {
      id: commit.sha,
      message: commit.message,
      url: `${root}/${fullName}/commit/${commit.sha}`,
      author: identity(commit.author),
      committer: identity(commit.committer),
      verification: null,
      timestamp: commit.committer.date,
      added: null,
      removed: null,
      modified: null,
    },
    protected: false,
    required_approvals: 0,
    enable_status_check: false,
    status_check_contexts: [],
    user_can_push: true,
    user_can_merge: true,
    effective_branch_protection_name: '',
  };
}
