import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sendText } from '../util/http';
import { DEFAULT_GIT_USER, GitHostAccounts, GitHostUser } from './accounts';
import { GitHostContext, GitHostRequest } from './gitHostContext';
import { GiteaApiError } from './giteaErrors';
import { createGiteaApi, sendGiteaError } from './giteaApi';
import {
  PushEvent,
  createGitTransport,
  isGitTransportPath,
  sendGitChallenge,
} from './gitTransport';
import { RepositoryStore } from './repositoryStore';
import { escapeHtml, sendHtml } from './responses';
import { createWebRoutes } from './webRoutes';
import { WebSessions } from './webSessions';

/**
 * Organisations created at start: publish:gitea only publishes into an
 * existing organisation, so the demo's teams' systems exist from the start.
 */
export const DEFAULT_GIT_ORGS = [
  'acme',
  'storefront',
  'checkout',
  'fulfilment',
];

export interface GitHostOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Where bare repositories live. Default: a temporary directory removed on close. */
  dataDir?: string;
  users?: GitHostUser[];
  orgs?: string[];
  logger?: { warn(message: string): void };
}

export interface GitHost {
  /** Gitea's ROOT_URL, e.g. `http://localhost:7030`. */
  url: string;
  port: number;
  dataDir: string;
  users: GitHostUser[];
  onPush(listener: (event: PushEvent) => void): void;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

/**
 * A Gitea stand-in: the Gitea REST API subset Backstage uses, a few web
 * routes, and git's smart HTTP protocol served by `git http-backend` over
 * bare repositories on disk.
 */
export async function startGitHost(options: GitHostOptions): Promise<GitHost> {
  const users = options.users?.length ? options.users : [DEFAULT_GIT_USER];
  const temporary = !options.dataDir;
  const dataDir = path.resolve(
    options.dataDir ??
      fs.mkdtempSync(path.join(os.tmpdir(), 'portal-sandbox-git-')),
  );
  const accounts = new GitHostAccounts(users);
  const store = new RepositoryStore(
    dataDir,
    accounts,
    options.orgs ?? DEFAULT_GIT_ORGS,
  );
  const listeners: Array<(event: PushEvent) => void> = [];
  const sessions = new WebSessions(accounts);
  const ctx: GitHostContext = { root: '', store, accounts, sessions };
  const api = createGiteaApi(ctx);
  const web = createWebRoutes(ctx);
  const transport = createGitTransport(ctx, event => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (e) {
        options.logger?.warn(`push listener failed: ${e}`);
      }
    }
  });

  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const url = new URL(req.url ?? '/', 'http://git.invalid');
    const request: GitHostRequest = { req, res, url };
    const segments = url.pathname.split('/').filter(Boolean);
    const isApi = segments[0] === 'api' && segments[1] === 'v1';
    const gitRest = segments.slice(2).join('/');
    const isGit = segments.length > 2 && isGitTransportPath(gitRest);
    try {
      try {
        request.account =
          accounts.authenticate(req.headers.authorization) ??
          (isApi || isGit ? undefined : sessions.accountOf(req));
      } catch (error) {
        if (isGit && error instanceof GiteaApiError) {
          sendGitChallenge(request, error.message);
          return;
        }
        throw error;
      }
      if (isApi) {
        await api(request, `/${segments.slice(2).join('/')}`);
      } else if (isGit) {
        await transport(request, segments[0], segments[1], gitRest);
      } else if (segments[0] === 'user' && segments[1] === 'login') {
        await sessions.signIn(request);
      } else if (segments.length) {
        await web(request, segments);
      } else {
        const orgs = store
          .listOrgs()
          .map(
            o =>
              `<li><a href="${ctx.root}/${o.name}">${escapeHtml(
                o.name,
              )}</a></li>`,
          );
        sendHtml(
          res,
          200,
          'Gitea (portal sandbox)',
          `<ul>${orgs.join('')}</ul>`,
        );
      }
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof GiteaApiError) {
        if (isApi) sendGiteaError(request, ctx.root, error);
        else sendText(res, error.status, `${error.message}\n`);
      } else {
        options.logger?.warn(
          `git host: ${req.method} ${url.pathname} failed: ${
            (error as Error)?.stack ?? error
          }`,
        );
        const internal = new GiteaApiError(500, '');
        if (isApi) sendGiteaError(request, ctx.root, internal);
        else sendText(res, 500, 'Internal Server Error\n');
      }
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
  const hostname = LOOPBACK.has(options.host) ? 'localhost' : options.host;
  ctx.root = `http://${hostname}:${port}`;

  return {
    url: ctx.root,
    port,
    dataDir,
    users,
    onPush: listener => listeners.push(listener),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
      if (temporary) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
