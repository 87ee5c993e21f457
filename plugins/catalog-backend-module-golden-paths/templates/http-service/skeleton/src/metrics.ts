import {
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/** The service's Prometheus registry and the metrics it records. */
export interface Metrics {
  registry: Registry;
  /**
   * Request durations by method, route and status code: the portal's release
   * health compares the canary's 95th percentile with the stable's.
   */
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  /**
   * Requests by method, route and status code, under the names the canary
   * analysis, the SLO (slo.yaml) and the portal's release health read
   * (`http_requests_total` by `code`): the share of 5xx answers.
   */
  requests: Counter<'method' | 'route' | 'code'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds, by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests, by method, route and status code',
    labelNames: ['method', 'route', 'code'] as const,
    registers: [registry],
  });
  return { registry, requestDuration, requests };
}
