import { spawn } from 'node:child_process';
import { IncomingMessage, ServerResponse } from 'node:http';
import { gitEnvironment } from './gitCommand';

export interface HttpBackendRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** GIT_PROJECT_ROOT: the directory repositories are found under. */
  projectRoot: string;
  /** Path below the project root, e.g. `/acme/web.git/info/refs`. */
  pathInfo: string;
  query: string;
  /** The authenticated user, passed on as REMOTE_USER (git logs it in reflogs). */
  remoteUser?: string;
  /**
   * Runs after git finished and before the response ends, like a
   * post-receive hook: the client's push completes only after it.
   */
  beforeEnd?: () => Promise<void>;
}

/** Splits a CGI response into its header block and the start of the body. */
function splitHeaders(
  buffer: Buffer,
): { headers: string; body: Buffer } | undefined {
  for (const separator of ['\r\n\r\n', '\n\n']) {
    const at = buffer.indexOf(separator);
    if (at >= 0)
      return {
        headers: buffer.subarray(0, at).toString('latin1'),
        body: buffer.subarray(at + separator.length),
      };
  }
  return undefined;
}

/**
 * Serves git's smart HTTP protocol by running `git http-backend` as a CGI
 * program, the way Gitea and most git servers do: it answers
 * `info/refs?service=...`, `git-upload-pack` (clone, fetch, protocol v2
 * included) and `git-receive-pack` (push). Resolves once the response ended.
 */
export function runHttpBackend(request: HttpBackendRequest): Promise<void> {
  const { req, res } = request;
  const env: Record<string, string> = {
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    // http-backend refuses pushes from anonymous CGI requests unless told otherwise;
    // authentication has already happened in front of it.
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: 'true',
    GATEWAY_INTERFACE: 'CGI/1.1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: request.pathInfo,
    QUERY_STRING: request.query,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
  };
  if (request.remoteUser) env.REMOTE_USER = request.remoteUser;
  // Chunked uploads have no length: http-backend then reads to end of input.
  if (req.headers['content-length'])
    env.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding'])
    env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;

  return new Promise(resolve => {
    const child = spawn('git', ['http-backend'], {
      env: gitEnvironment(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let pending: Buffer = Buffer.alloc(0);
    let headersDone = false;
    const stderr: Buffer[] = [];
    const fail = (message: string) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      }
      res.end(message);
    };

    child.stderr.on('data', chunk => stderr.push(chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const split = splitHeaders(pending);
      if (!split) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of split.headers.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      if (split.body.length) res.write(split.body);
    });
    child.on('error', error => {
      fail(`git http-backend could not be started: ${error.message}`);
      resolve();
    });
    child.on('close', code => {
      if (!headersDone) {
        fail(
          `git http-backend failed (${code}): ${Buffer.concat(stderr).toString(
            'utf8',
          )}`,
        );
        resolve();
        return;
      }
      (request.beforeEnd?.() ?? Promise.resolve())
        .catch(() => {})
        .finally(() => {
          res.end();
          resolve();
        });
    });
    child.stdin.on('error', () => {});
    req.pipe(child.stdin);
    res.on('close', () => {
      if (child.exitCode === null) child.kill();
    });
  });
}
