import {
  IncomingMessage,
  Server,
  ServerResponse,
  createServer,
} from 'node:http';
import { Metrics } from './metrics';

export interface AppOptions {
  serviceName: string;
  metrics: Metrics;
  /** False while the service starts or shuts down, so Kubernetes sends it no traffic. */
  isReady: () => boolean;
}

const ROUTES = new Set(['/', '/healthz', '/readyz', '/metrics']);

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  options: AppOptions,
) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'method not allowed' });
    return;
  }
  switch (path) {
    case '/healthz':
      sendJson(res, 200, { status: 'ok' });
      return;
    case '/readyz':
      if (options.isReady()) {
        sendJson(res, 200, { status: 'ready' });
      } else {
        sendJson(res, 503, { status: 'not ready' });
      }
      return;
    case '/metrics':
      res.writeHead(200, {
        'content-type': options.metrics.registry.contentType,
      });
      res.end(await options.metrics.registry.metrics());
      return;
    case '/':
      sendJson(res, 200, { service: options.serviceName, status: 'ok' });
      return;
    default:
      sendJson(res, 404, { error: 'not found' });
  }
}

/** Creates the HTTP server; every request is timed into `http_request_duration_seconds`. */
export function createApp(options: AppOptions): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = ROUTES.has(path) ? path : 'unmatched';
    const stopTimer = options.metrics.requestDuration.startTimer({
      method: req.method ?? 'GET',
      route,
    });
    res.on('finish', () => {
      stopTimer({ status: String(res.statusCode) });
      options.metrics.requests.inc({
        method: req.method ?? 'GET',
        route,
        code: String(res.statusCode),
      });
    });
    handle(req, res, path, options).catch(() => {
      if (!res.headersSent) {
        sendJson(res, 500, { error: 'internal error' });
      } else {
        res.end();
      }
    });
  });
}
