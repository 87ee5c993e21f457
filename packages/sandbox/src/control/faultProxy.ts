import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * The faults a cluster API can show a client, injected into the next
 * request that matches:
 *
 * - `timeout-before`: the write never reaches the cluster and no answer comes;
 * - `timeout-after`: the cluster applies the write, the answer comes too late;
 * - `error-before`: a 500 `Status` without touching the cluster;
 * - `error-after`: the cluster applies the write, the client gets a 503;
 * - `drop-before`: the connection is closed before the write is forwarded;
 * - `drop-after`: the cluster applies the write, the connection is closed;
 * - `deleted`: the Rollout is deleted just before the write reaches it;
 * - `read-error`: a read (GET) is answered 500.
 */
export type FaultKind =
  | 'timeout-before'
  | 'timeout-after'
  | 'error-before'
  | 'error-after'
  | 'drop-before'
  | 'drop-after'
  | 'deleted'
  | 'read-error';

export const FAULT_KINDS: FaultKind[] = [
  'timeout-before',
  'timeout-after',
  'error-before',
  'error-after',
  'drop-before',
  'drop-after',
  'deleted',
  'read-error',
];

/** One request the proxy saw, and what became of it. */
export interface ProxiedRequest {
  method: string;
  path: string;
  /** The status the cluster answered; absent when it was not asked. */
  clusterStatus?: number;
  fault?: FaultKind;
}

/** What else happens when an armed fault is injected. */
export interface FaultOptions {
  /**
   * Called as the fault is injected, and awaited before the client sees it:
   * for the `*-after` kinds once the cluster has answered the write, for the
   * others before the write is forwarded (or not). A caller uses it to stop
   * the client's backend at that very moment, as a crash would.
   */
  whenInjected?: () => Promise<void>;
}

export interface FaultProxy {
  url: string;
  /** Injects `kind` into the next matching request (a write, or a GET for `read-error`). */
  arm(kind: FaultKind, options?: FaultOptions): void;
  /** Whether the armed fault was used, and clears it. */
  disarm(): FaultKind | undefined;
  /** Requests seen since the last call, oldest first. */
  takeLog(): ProxiedRequest[];
  stop(): Promise<void>;
}

function status(res: ServerResponse, code: number, message: string) {
  res.writeHead(code, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason: code === 503 ? 'ServiceUnavailable' : 'InternalError',
      code,
    }),
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * A plain HTTP proxy in front of a sandbox cluster's API that injects one
 * fault on request, so that a client's handling of timeouts, errors, dropped
 * connections and vanished objects can be measured against what the cluster
 * really did. Everything not armed is forwarded byte for byte.
 */
export async function startFaultProxy(options: {
  /** The cluster API, e.g. `http://127.0.0.1:7022`. */
  target: string;
  /** The cluster's admin token, to delete a Rollout for `deleted`. */
  token: string;
  /** How long a `timeout-*` answer is held back. */
  holdMs: number;
}): Promise<FaultProxy> {
  const target = new URL(options.target);
  let armed: FaultKind | undefined;
  let armedOptions: FaultOptions = {};
  let used: FaultKind | undefined;
  let log: ProxiedRequest[] = [];
  const held = new Set<NodeJS.Timeout>();

  const hold = (fn: () => void) => {
    const timer = setTimeout(() => {
      held.delete(timer);
      fn();
    }, options.holdMs);
    held.add(timer);
  };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{
    status: number;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
  }> =>
    new Promise((resolve, reject) => {
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        res => {
          readBody(res).then(
            b =>
              resolve({
                status: res.statusCode ?? 502,
                headers: res.headers,
                body: b,
              }),
            reject,
          );
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  const deleteTarget = (path: string) =>
    new Promise<void>(resolve => {
      // .../rollouts/<name>[/status] -> .../rollouts/<name>
      const objectPath = path.split('?')[0].replace(/\/status$/, '');
      const del = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: 'DELETE',
          path: objectPath,
          headers: { authorization: `Bearer ${options.token}` },
        },
        res => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      del.on('error', () => resolve());
      del.end();
    });

  const server = http.createServer(async (req, res) => {
    const entry: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
    };
    log.push(entry);
    const body = await readBody(req);
    const isWrite = req.method !== 'GET' && req.method !== 'HEAD';
    const isWatch = /[?&]watch=(1|true)/.test(req.url ?? '');
    let fault: FaultKind | undefined;
    let whenInjected: FaultOptions['whenInjected'];
    if (
      armed &&
      !isWatch &&
      (armed === 'read-error' ? req.method === 'GET' : isWrite)
    ) {
      fault = armed;
      used = armed;
      whenInjected = armedOptions.whenInjected;
      armed = undefined;
      armedOptions = {};
      entry.fault = fault;
    }
    const after = fault?.endsWith('-after') ?? false;
    if (fault && !after) {
      await whenInjected?.();
    }

    if (fault === 'timeout-before') {
      hold(() => status(res, 504, 'injected: timed out before the write'));
      return;
    }
    if (fault === 'error-before' || fault === 'read-error') {
      status(res, 500, 'injected: etcdserver: request timed out');
      return;
    }
    if (fault === 'drop-before') {
      req.socket.destroy();
      return;
    }
    if (fault === 'deleted') {
      await deleteTarget(req.url ?? '');
    }
    if (!fault || fault === 'deleted') {
      // Streamed, so that watches flow as they do without the proxy.
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        answer => {
          entry.clusterStatus = answer.statusCode;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () =>
        status(res, 502, 'the cluster API did not answer the proxy'),
      );
      res.on('close', () => upstream.destroy());
      upstream.end(body);
      return;
    }

    let answer;
    try {
      answer = await forward(req, body);
    } catch {
      status(res, 502, 'the cluster API did not answer the proxy');
      return;
    }
    entry.clusterStatus = answer.status;
    await whenInjected?.();
    const reply = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, answer.headers).end(answer.body);
    };
    if (fault === 'timeout-after') {
      hold(reply);
    } else if (fault === 'error-after') {
      status(res, 503, 'injected: the answer was lost after the write');
    } else if (fault === 'drop-after') {
      req.socket.destroy();
    } else {
      reply();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    arm(kind, faultOptions = {}) {
      armed = kind;
      armedOptions = faultOptions;
      used = undefined;
    },
    disarm() {
      const fault = used;
      armed = undefined;
      armedOptions = {};
      used = undefined;
      return fault;
    },
    takeLog() {
      const taken = log;
      log = [];
      return taken;
    },
    async stop() {
      for (const timer of held) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
