import { LatencyMs } from './profiles';
import { fitLogNormal, mixtureQuantile } from './latency';
import { TrafficSeries } from './trafficModel';

/**
 * Answers the PromQL shapes analysis templates use, from the traffic model
 * instead of a time series database:
 *   - `sum(rate(http_requests_total{...}[5m]))` (optionally with a code matcher)
 *   - `A / B` of two such rates (success rate, error ratio)
 *   - `histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{...}[5m])) by (le))`
 * Label matchers (=, !=, =~, !~) filter on service, namespace, rollout,
 * revision, pod_template_hash (alias rollouts_pod_template_hash) and code;
 * other labels are ignored. Range and aggregation modifiers are ignored:
 * the model answers with the current rates.
 */

interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const LABEL_ALIASES: Record<string, keyof TrafficSeries | 'code'> = {
  service: 'service',
  app: 'service',
  namespace: 'namespace',
  rollout: 'rollout',
  revision: 'revision',
  pod_template_hash: 'podTemplateHash',
  rollouts_pod_template_hash: 'podTemplateHash',
  code: 'code',
  status: 'code',
  status_code: 'code',
};

function parseMatchers(text: string): Matcher[] {
  const out: Matcher[] = [];
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;
  for (const block of text.match(/\{[^}]*\}/g) ?? []) {
    for (const m of block.matchAll(re)) {
      out.push({
        label: m[1],
        op: m[2] as Matcher['op'],
        value: m[3].replace(/\\(.)/g, '$1'),
      });
    }
  }
  return out;
}

function test(m: Matcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(value);
    default:
      return !new RegExp(`^(?:${m.value})$`).test(value);
  }
}

/** Splits `a / b` at the top-level division, if any. */
function splitDivision(query: string): [string, string] | undefined {
  let depth = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === '/' && depth === 0)
      return [query.slice(0, i), query.slice(i + 1)];
  }
  return undefined;
}

/** Status codes simulated per series: successes as 200, errors split over 500 and 503. */
export function codeShares(errorRatio: number): Array<[string, number]> {
  return [
    ['200', 1 - errorRatio],
    ['500', errorRatio * 0.7],
    ['503', errorRatio * 0.3],
  ];
}

function selectSeries(
  series: TrafficSeries[],
  matchers: Matcher[],
): TrafficSeries[] {
  return series.filter(s =>
    matchers.every(m => {
      const field = LABEL_ALIASES[m.label];
      if (!field || field === 'code') return true;
      return test(m, String(s[field] ?? ''));
    }),
  );
}

function requestRate(series: TrafficSeries[], matchers: Matcher[]): number {
  const codeMatchers = matchers.filter(m => LABEL_ALIASES[m.label] === 'code');
  return selectSeries(series, matchers).reduce(
    (total, s) =>
      total +
      codeShares(s.errorRatio)
        .filter(([code]) => codeMatchers.every(m => test(m, code)))
        .reduce((n, [, share]) => n + s.requestRate * share, 0),
    0,
  );
}

export interface QueryResult {
  /** Values of the instant vector (empty when no series matched). */
  values: number[];
}

export function evaluatePromQL(
  query: string,
  series: TrafficSeries[],
): QueryResult {
  const quantile = /histogram_quantile\s*\(\s*([0-9.]+)\s*,/.exec(query);
  if (quantile) {
    const matched = selectSeries(series, parseMatchers(query)).filter(
      s => s.requestRate > 0,
    );
    if (!matched.length) return { values: [] };
    const parts = matched.map(s => ({
      weight: s.requestRate,
      dist: fitLogNormal(s.latencyMs as LatencyMs),
    }));
    return {
      values: [
        Number(mixtureQuantile(parts, Number(quantile[1])).toPrecision(6)),
      ],
    };
  }
  const division = splitDivision(query);
  if (division) {
    const numerator = requestRate(series, parseMatchers(division[0]));
    const denominator = requestRate(series, parseMatchers(division[1]));
    if (denominator <= 0) return { values: [] };
    return { values: [Number((numerator / denominator).toPrecision(6))] };
  }
  const matchers = parseMatchers(query);
  if (!selectSeries(series, matchers).length) return { values: [] };
  return { values: [Number(requestRate(series, matchers).toPrecision(6))] };
}

/** Renders a vector like Prometheus' model.SampleValue list: `[0.9871]`. */
export function formatVector(values: number[]): string {
  return `[${values
    .map(v => (Number.isNaN(v) ? 'NaN' : String(v)))
    .join(',')}]`;
}
