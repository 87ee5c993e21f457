import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../util/http';
import { Account, GitHostAccounts } from './accounts';
import { escapeHtml, sendHtml } from './responses';

/** What sign-in needs of a request (a GitHostRequest is one). */
interface WebRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  account?: Account;
}

/** Gitea's session cookie and the cookie `reqSignIn` remembers the page in. */
const SESSION_COOKIE = 'i_like_gitea';
const REDIRECT_COOKIE = 'redirect_to';

function cookies(req: IncomingMessage): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      found.set(
        part.slice(0, eq).trim(),
        decodeURIComponent(part.slice(eq + 1).trim()),
      );
    }
  }
  return found;
}

const LOGIN_FORM = (error?: string) =>
  `${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/user/login">
<label>Username or Email Address <input name="user_name" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign In</button>
</form>`;

/**
 * Web sign-in as Gitea does it: pages that need a signed-in user (the file
 * editor) send anonymous browsers to `/user/login`, remembering the page in
 * a `redirect_to` cookie; signing in sets the session cookie and goes back
 * there. The sandbox keeps sessions in memory.
 */
export class WebSessions {
  private readonly sessions = new Map<string, Account>();

  constructor(private readonly accounts: GitHostAccounts) {}

  /** The account of the request's session cookie, if any. */
  accountOf(req: IncomingMessage): Account | undefined {
    const id = cookies(req).get(SESSION_COOKIE);
    return id ? this.sessions.get(id) : undefined;
  }

  /** reqSignIn: false (after redirecting to the sign-in page) for anonymous requests. */
  requireSignIn(request: WebRequest): boolean {
    if (request.account) return true;
    const target = `${request.url.pathname}${request.url.search}`;
    request.res.writeHead(303, {
      'Set-Cookie': `${REDIRECT_COOKIE}=${encodeURIComponent(
        target,
      )}; Path=/; HttpOnly; SameSite=Lax`,
      Location: '/user/login',
    });
    request.res.end();
    return false;
  }

  /** GET and POST `/user/login`. */
  async signIn(request: WebRequest): Promise<void> {
    const { req, res } = request;
    if (req.method !== 'POST') {
      sendHtml(res, 200, 'Sign In', LOGIN_FORM());
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const username = form.get('user_name') ?? '';
    const password = form.get('password') ?? '';
    let account: Account | undefined;
    try {
      account = password
        ? this.accounts.authenticate(
            `Basic ${Buffer.from(`${username}:${password}`).toString(
              'base64',
            )}`,
          )
        : undefined;
    } catch {
      account = undefined;
    }
    if (!account) {
      sendHtml(
        res,
        200,
        'Sign In',
        LOGIN_FORM('Username or password is incorrect.'),
      );
      return;
    }
    const id = randomBytes(16).toString('hex');
    this.sessions.set(id, account);
    const back = cookies(req).get(REDIRECT_COOKIE);
    res.writeHead(303, {
      'Set-Cookie': [
        `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`,
        `${REDIRECT_COOKIE}=; Path=/; Max-Age=0`,
      ],
      Location: back?.startsWith('/') && !back.startsWith('//') ? back : '/',
    });
    res.end();
  }
}
