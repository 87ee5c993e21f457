import { CanaryMetricDefinition } from '@internal/plugin-delivery-node';

/**
 * The metrics every service with the usual HTTP instrumentation gets: the
 * share of 5xx answers in `http_requests_total` (by `code`) and the 95th
 * percentile of the `http_request_duration_seconds` histogram. `{{selector}}`
 * is one side's label matchers, `{{step}}` the step of the window.
 */
export const DEFAULT_CANARY_METRICS: CanaryMetricDefinition[] = [
  {
    name: 'error-ratio',
    group: 'errors',
    kind: 'errorRatio',
    direction: 'increase',
    critical: true,
    requestsQuery:
      'sum(increase(http_requests_total{ {{selector}} }[{{step}}]))',
    errorsQuery:
      'sum(increase(http_requests_total{ {{selector}}, code=~"5.." }[{{step}}]))',
  },
  {
    name: 'latency-p95',
    group: 'latency',
    kind: 'samples',
    direction: 'increase',
    unit: 's',
    query:
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{ {{selector}} }[{{step}}])))',
  },
];
