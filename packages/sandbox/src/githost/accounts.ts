import { unauthorized } from './giteaErrors';

/** A git host account: the login a Gitea integration is configured with. */
export interface GitHostUser {
  username: string;
  password: string;
}

export const DEFAULT_GIT_USER: GitHostUser = {
  username: 'portal',
  password: 'portal-sandbox-git',
};

export interface Account {
  id: number;
  username: string;
}

/**
 * The configured users and how a request proves it is one of them. Like
 * Gitea, `Authorization: basic` (any case) with user and password, where an
 * empty password or `x-oauth-basic` means the user name is a token, and
 * `Authorization: token <token>`. The sandbox has no separate access tokens:
 * a user's password is also accepted as its token.
 */
export class GitHostAccounts {
  private readonly users: Array<GitHostUser & { id: number }>;

  constructor(users: GitHostUser[]) {
    if (!users.length) throw new Error('the git host needs at least one user');
    this.users = users.map((u, i) => ({ ...u, id: i + 1 }));
  }

  list(): Account[] {
    return this.users.map(({ id, username }) => ({ id, username }));
  }

  find(name: string): Account | undefined {
    const user = this.users.find(
      u => u.username.toLowerCase() === name.toLowerCase(),
    );
    return user && { id: user.id, username: user.username };
  }

  /**
   * The account an Authorization header names; undefined without the header.
   * Wrong credentials throw 401 with Gitea's messages.
   */
  authenticate(header: string | undefined): Account | undefined {
    if (!header) return undefined;
    const [scheme, value = ''] = header.trim().split(/\s+/, 2);
    const kind = scheme.toLowerCase();
    if (kind === 'token' || kind === 'bearer') return this.byToken(value);
    if (kind !== 'basic') return undefined;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    if (!password || password === 'x-oauth-basic')
      return this.byToken(username);
    const user = this.users.find(
      u => u.username.toLowerCase() === username.toLowerCase(),
    );
    if (!user)
      throw unauthorized(`user does not exist [uid: 0, name: ${username}]`);
    if (user.password !== password)
      throw unauthorized(
        `user's password is invalid [uid: ${user.id}, name: ${user.username}]`,
      );
    return { id: user.id, username: user.username };
  }

  private byToken(token: string): Account {
    const user = this.users.find(u => u.password === token);
    if (!user) throw unauthorized('user does not exist [uid: 0, name: ]');
    return { id: user.id, username: user.username };
  }
}
