import { Clock } from '../util/clock';
import { HISTOGRAM_BUCKETS, cdf, fitLogNormal, mean } from './latency';
import { ServingPod, TrafficSeries, TrafficSnapshot } from './trafficModel';

/** Status codes simulated per series: successes as 200, errors split over 500 and 503. */
export function codeShares(errorRatio: number): Array<[string, number]> {
  return [
    ['200', 1 - errorRatio],
    ['500', errorRatio * 0.7],
    ['503', errorRatio * 0.3],
  ];
}

interface Counters {
  cluster: string;
  labels: string;
  byCode: Map<string, number>;
  buckets: number[];
  sum: number;
  count: number;
}

function escape(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/"/g, '\\"');
}

/** A Kubernetes label name as Prometheus' service discovery writes it. */
function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * The labels a pod's series carry after the usual `kubernetes-pods` scrape
 * job (`role: pod`, `labelmap: __meta_kubernetes_pod_label_(.+)`, then
 * `namespace`, `pod` and `node`): every pod label, among them Argo Rollouts'
 * `rollouts_pod_template_hash`, which tells a canary's pods from the stable
 * ones.
 */
function labelString(s: TrafficSeries, pod: ServingPod): string {
  const labels = new Map<string, string>();
  for (const [k, v] of Object.entries(pod.labels)) labels.set(sanitize(k), v);
  labels.set('namespace', s.namespace);
  labels.set('pod', pod.name);
  if (pod.node) labels.set('node', pod.node);
  return [...labels].map(([k, v]) => `${k}="${escape(v)}"`).join(',');
}

/**
 * Cumulative Prometheus counters integrated from the traffic model's rates
 * (real-time seconds), one set per Ready pod of each revision (the revision's
 * requests shared evenly), rendered in the text exposition format as a
 * Prometheus scraping those pods would store them. A pod's counters stay
 * exported, flat, after it stops serving (a real Prometheus marks them stale
 * once the pod is gone): rates over them are 0 either way.
 */
export class PrometheusExposition {
  private readonly counters = new Map<string, Counters>();
  private last: number | undefined;

  constructor(private readonly clock: Clock) {}

  /** Integrates the current rates over the time since the previous call. */
  advance(snapshots: TrafficSnapshot[]): void {
    const now = this.clock.now();
    const dt =
      this.last === undefined ? 0 : Math.max(0, (now - this.last) / 1000);
    this.last = now;
    for (const snapshot of snapshots) {
      for (const s of snapshot.series) {
        for (const pod of s.pods) {
          this.count(snapshot.cluster, s, pod, dt / s.pods.length);
        }
      }
    }
  }

  private count(
    cluster: string,
    s: TrafficSeries,
    pod: ServingPod,
    seconds: number,
  ): void {
    const key = labelString(s, pod);
    let c = this.counters.get(`${cluster}|${key}`);
    if (!c) {
      c = {
        cluster,
        labels: key,
        byCode: new Map(),
        buckets: HISTOGRAM_BUCKETS.map(() => 0),
        sum: 0,
        count: 0,
      };
      this.counters.set(`${cluster}|${key}`, c);
    }
    const requests = s.requestRate * seconds;
    for (const [code, share] of codeShares(s.errorRatio)) {
      c.byCode.set(code, (c.byCode.get(code) ?? 0) + requests * share);
    }
    const dist = fitLogNormal(s.latencyMs);
    HISTOGRAM_BUCKETS.forEach((le, i) => {
      c!.buckets[i] += requests * cdf(dist, le);
    });
    c.count += requests;
    c.sum += requests * mean(dist);
  }

  private selected(cluster: string | undefined): Counters[] {
    const all = [...this.counters.values()];
    if (cluster === undefined) return all;
    return all.filter(c => c.cluster === cluster);
  }

  /** The exposition, of one cluster's series when `cluster` is given. */
  render(cluster?: string): string {
    const lines: string[] = [
      '# HELP http_requests_total Total HTTP requests, simulated by the portal sandbox traffic model.',
      '# TYPE http_requests_total counter',
    ];
    const fmt = (v: number) => String(Math.round(v * 1000) / 1000);
    for (const c of this.selected(cluster)) {
      for (const [code, value] of c.byCode) {
        lines.push(
          `http_requests_total{${c.labels},code="${code}"} ${fmt(value)}`,
        );
      }
    }
    lines.push(
      '# HELP http_request_duration_seconds HTTP request latency, simulated by the portal sandbox traffic model.',
      '# TYPE http_request_duration_seconds histogram',
    );
    for (const c of this.selected(cluster)) {
      HISTOGRAM_BUCKETS.forEach((le, i) => {
        lines.push(
          `http_request_duration_seconds_bucket{${c.labels},le="${le}"} ${fmt(
            c.buckets[i],
          )}`,
        );
      });
      lines.push(
        `http_request_duration_seconds_bucket{${c.labels},le="+Inf"} ${fmt(
          c.count,
        )}`,
      );
      lines.push(
        `http_request_duration_seconds_sum{${c.labels}} ${fmt(c.sum)}`,
      );
      lines.push(
        `http_request_duration_seconds_count{${c.labels}} ${fmt(c.count)}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}
