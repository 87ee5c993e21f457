import { Clock } from '../util/clock';
import { HISTOGRAM_BUCKETS, cdf, fitLogNormal, mean } from './latency';
import { TrafficSeries, TrafficSnapshot } from './trafficModel';

/** Status codes simulated per series: successes as 200, errors split over 500 and 503. */
export function codeShares(errorRatio: number): Array<[string, number]> {
  return [
    ['200', 1 - errorRatio],
    ['500', errorRatio * 0.7],
    ['503', errorRatio * 0.3],
  ];
}

interface Counters {
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

function labelString(s: TrafficSeries): string {
  const labels: Array<[string, string]> = [
    ['cluster', s.cluster],
    ['namespace', s.namespace],
    ['service', s.service],
    ['rollout', s.rollout],
    ['revision', s.revision],
    ['pod_template_hash', s.podTemplateHash],
  ];
  return labels.map(([k, v]) => `${k}="${escape(v)}"`).join(',');
}

/**
 * Cumulative Prometheus counters integrated from the traffic model's rates
 * (real-time seconds), rendered in the text exposition format.
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
        const key = labelString(s);
        let c = this.counters.get(key);
        if (!c) {
          c = {
            labels: key,
            byCode: new Map(),
            buckets: HISTOGRAM_BUCKETS.map(() => 0),
            sum: 0,
            count: 0,
          };
          this.counters.set(key, c);
        }
        const requests = s.requestRate * dt;
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
    }
  }

  private selected(cluster: string | undefined): Counters[] {
    const all = [...this.counters.values()];
    if (cluster === undefined) return all;
    const prefix = `cluster="${escape(cluster)}",`;
    return all.filter(c => c.labels.startsWith(prefix));
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
