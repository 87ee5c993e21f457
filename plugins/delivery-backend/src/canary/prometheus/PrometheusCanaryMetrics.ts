import { InputError } from '@backstage/errors';
import {
  CanaryMetricDefinition,
  CanaryMetricObservation,
  CanaryMetricProvider,
  CanaryObservationRequest,
  CanarySample,
} from '@internal/plugin-delivery-node';

/** One cluster's Prometheus. */
export interface PrometheusTarget {
  cluster: string;
  baseUrl: string;
  /** Where people open the Prometheus UI, if not `baseUrl`. */
  externalUrl?: string;
}

export interface PrometheusCanaryMetricsOptions {
  targets: PrometheusTarget[];
  /**
   * The label carrying the pod-template hash. Default
   * `rollouts_pod_template_hash`: Argo Rollouts' `rollouts-pod-template-hash`
   * pod label as a Prometheus pod scrape (`labelmap` of the pod's labels)
   * stores it.
   */
  podTemplateHashLabel?: string;
  fetch?: typeof fetch;
}

function escapeLabel(value: string) {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Canary metrics from Prometheus' HTTP API: each query of each side as a
 * `query_range` over the analysis window, one value per step. A query
 * Prometheus rejects is an InputError carrying Prometheus' own message.
 */
export class PrometheusCanaryMetrics implements CanaryMetricProvider {
  private readonly targets: Map<string, PrometheusTarget>;
  private readonly hashLabel: string;
  private readonly fetchFn: typeof fetch;

  constructor(options: PrometheusCanaryMetricsOptions) {
    this.targets = new Map(options.targets.map(t => [t.cluster, t]));
    this.hashLabel =
      options.podTemplateHashLabel ?? 'rollouts_pod_template_hash';
    this.fetchFn = options.fetch ?? fetch;
  }

  supportsCluster(cluster: string): boolean {
    return this.targets.has(cluster);
  }

  async observe(
    request: CanaryObservationRequest,
  ): Promise<CanaryMetricObservation[]> {
    const target = this.targets.get(request.cluster);
    if (!target) {
      throw new InputError(
        `no Prometheus is configured for cluster '${request.cluster}' (delivery.canary.prometheus)`,
      );
    }
    return Promise.all(
      request.metrics.map(metric =>
        this.observeMetric(target, request, metric),
      ),
    );
  }

  private render(
    template: string,
    request: CanaryObservationRequest,
    hash: string,
  ) {
    const selector = `namespace="${escapeLabel(request.namespace)}", ${
      this.hashLabel
    }="${escapeLabel(hash)}"`;
    return template
      .replace(/\{\{\s*selector\s*\}\}/g, selector)
      .replace(/\{\{\s*step\s*\}\}/g, `${request.stepSeconds}s`);
  }

  private async observeMetric(
    target: PrometheusTarget,
    request: CanaryObservationRequest,
    metric: CanaryMetricDefinition,
  ): Promise<CanaryMetricObservation> {
    const range = (template: string, hash: string) =>
      this.queryRange(target, this.render(template, request, hash), request);
    const canaryHash = request.canary.podTemplateHash;
    const stableHash = request.stable.podTemplateHash;
    if (metric.kind === 'errorRatio') {
      const [cr, ce, sr, se] = await Promise.all([
        range(metric.requestsQuery, canaryHash),
        range(metric.errorsQuery, canaryHash),
        range(metric.requestsQuery, stableHash),
        range(metric.errorsQuery, stableHash),
      ]);
      const counts = (requests: CanarySample[], errors: CanarySample[]) => {
        const byTime = new Map(errors.map(e => [e.timestamp, e.value]));
        // A step with requests but no 5xx series has no errors.
        return requests.map(r => ({
          timestamp: r.timestamp,
          requests: r.value,
          errors: byTime.get(r.timestamp) ?? 0,
        }));
      };
      return {
        name: metric.name,
        kind: 'errorRatio',
        canary: counts(cr, ce),
        stable: counts(sr, se),
        link: this.link(target, metric.errorsQuery, request, canaryHash),
      };
    }
    const [canary, stable] = await Promise.all([
      range(metric.query, canaryHash),
      range(metric.query, stableHash),
    ]);
    return {
      name: metric.name,
      kind: 'samples',
      canary,
      stable,
      link: this.link(target, metric.query, request, canaryHash),
    };
  }

  private link(
    target: PrometheusTarget,
    template: string,
    request: CanaryObservationRequest,
    hash: string,
  ) {
    const base = (target.externalUrl ?? target.baseUrl).replace(/\/+$/, '');
    const params = new URLSearchParams({
      'g0.expr': this.render(template, request, hash),
      'g0.tab': '0',
      'g0.range_input': `${Math.max(
        1,
        Math.ceil((request.end - request.start) / 1000),
      )}s`,
      'g0.end_input': new Date(request.end).toISOString(),
    });
    return `${base}/graph?${params}`;
  }

  private async queryRange(
    target: PrometheusTarget,
    query: string,
    request: CanaryObservationRequest,
  ): Promise<CanarySample[]> {
    const body = new URLSearchParams({
      query,
      start: String(request.start / 1000),
      end: String(request.end / 1000),
      step: String(request.stepSeconds),
    });
    const response = await this.fetchFn(
      `${target.baseUrl.replace(/\/+$/, '')}/api/v1/query_range`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      },
    );
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(
        `Prometheus for cluster '${target.cluster}' answered ${
          response.status
        }: ${text.slice(0, 200)}`,
      );
    }
    if (json.status !== 'success') {
      throw new InputError(
        `Prometheus rejected the query ${query}: ${
          json.errorType ?? 'error'
        }: ${json.error ?? ''}`,
      );
    }
    if (json.data?.resultType !== 'matrix') {
      throw new InputError(
        `Prometheus answered ${json.data?.resultType} to ${query}; canary metrics need one series (a matrix)`,
      );
    }
    const series: Array<{ values: Array<[number, string]> }> = json.data.result;
    if (series.length > 1) {
      throw new InputError(
        `the query ${query} returned ${series.length} series; aggregate it to one (sum, histogram_quantile … by (le))`,
      );
    }
    return (series[0]?.values ?? [])
      .map(([t, v]) => ({ timestamp: Math.round(t * 1000), value: Number(v) }))
      .filter(s => Number.isFinite(s.value));
  }
}
