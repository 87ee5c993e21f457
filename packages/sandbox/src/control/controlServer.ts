import http from 'node:http';
import { ApiError } from '../k8s/errors';
import { readBody, sendJson, sendText } from '../util/http';
import { ReleaseError, ReleaseRequest, ReleaseResult } from './releases';

export interface ControlHandlers {
  clusters(): Record<string, string>;
  release(body: ReleaseRequest): ReleaseResult;
  traffic(cluster: string): unknown;
  /** Prometheus text, of one cluster's series with `?cluster=`. */
  metrics(cluster?: string): string;
  kubeconfig(): string;
  /** Pipeline runs, newest first, optionally of one `owner/name` repository. */
  pipelineRuns(repo?: string): unknown[];
  pipelineRun(id: string): unknown | undefined;
}

/**
 * The sandbox's own API (not Kubernetes): health, cluster URLs, releases,
 * traffic snapshots, Prometheus metrics and CI pipeline runs.
 */
export function createControlServer(handlers: ControlHandlers): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const route = `${req.method} ${url.pathname.replace(/\/+$/, '') || '/'}`;
    const fail = (status: number, error: string, field?: string) =>
      sendJson(res, status, { error, field });
    (async () => {
      if (route === 'GET /healthz') {
        sendJson(res, 200, { status: 'ok' });
      } else if (route === 'GET /clusters') {
        sendJson(res, 200, handlers.clusters());
      } else if (route === 'POST /releases') {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          fail(400, 'body: must be valid JSON', 'body');
          return;
        }
        const result = handlers.release(body as ReleaseRequest);
        sendJson(res, result.changed ? 201 : 200, result);
      } else if (req.method === 'GET' && url.pathname.startsWith('/traffic/')) {
        sendJson(
          res,
          200,
          handlers.traffic(
            decodeURIComponent(url.pathname.slice('/traffic/'.length)),
          ),
        );
      } else if (route === 'GET /metrics') {
        res.writeHead(200, {
          'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
        });
        res.end(handlers.metrics(url.searchParams.get('cluster') ?? undefined));
      } else if (route === 'GET /kubeconfig') {
        sendText(res, 200, handlers.kubeconfig());
      } else if (route === 'GET /ci/runs') {
        sendJson(res, 200, {
          runs: handlers.pipelineRuns(
            url.searchParams.get('repo') ?? undefined,
          ),
        });
      } else if (req.method === 'GET' && url.pathname.startsWith('/ci/runs/')) {
        const run = handlers.pipelineRun(
          decodeURIComponent(url.pathname.slice('/ci/runs/'.length)),
        );
        if (run) sendJson(res, 200, run);
        else fail(404, 'no such pipeline run', 'id');
      } else {
        fail(404, `no route for ${req.method} ${url.pathname}`);
      }
    })().catch(error => {
      if (error instanceof ReleaseError)
        fail(error.status, error.message, error.field);
      else if (error instanceof ApiError)
        fail(error.code === 409 ? 409 : 500, error.message);
      else if (/unknown cluster/.test(String(error?.message)))
        fail(404, String(error.message), 'cluster');
      else fail(500, String(error?.message ?? error));
    });
  });
}
