/** Metric assessment rules of analysis/analysis.go. */

export const COMPLETED = ['Successful', 'Failed', 'Error', 'Inconclusive'];
export const ERROR_RETRY_SECONDS = 10;
export const MEASUREMENT_HISTORY_LIMIT = 10;
export const DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;
/** Phase ordering used to pick the "worst" metric (analysisutil.IsWorse). */
export const SEVERITY: Record<string, number> = {
  Successful: 0,
  Pending: 0,
  Running: 0,
  Inconclusive: 1,
  Error: 2,
  Failed: 3,
};

export const int = (v: unknown, fallback: number) =>
  v === undefined || v === null ? fallback : Number.parseInt(String(v), 10);

export function effectiveCount(metric: any): number | undefined {
  const count = int(metric.count, 0);
  if (!count) return metric.interval ? undefined : 1;
  return count;
}

export function resolveArgs(metrics: any[], args: any[]): any[] {
  let text = JSON.stringify(metrics);
  text = text.replace(/\{\{\s*args\.([A-Za-z0-9_.-]+)\s*\}\}/g, (_m, name) => {
    const arg = args.find(a => a.name === name);
    if (!arg || arg.value === undefined)
      throw new Error(`failed to resolve {{args.${name}}}`);
    return JSON.stringify(String(arg.value)).slice(1, -1);
  });
  return JSON.parse(text);
}

export function failureInconclusiveOrError(
  metric: any,
  result: any,
): [string, string] {
  let phase = '';
  let message = '';
  const failureLimit = int(metric.failureLimit, 0);
  if (failureLimit >= 0 && (result.failed ?? 0) > failureLimit) {
    phase = 'Failed';
    message = `failed (${result.failed}) > failureLimit (${failureLimit})`;
  }
  const inconclusiveLimit = int(metric.inconclusiveLimit, 0);
  if ((result.inconclusive ?? 0) > inconclusiveLimit) {
    phase = 'Inconclusive';
    message = `inconclusive (${result.inconclusive}) > inconclusiveLimit (${inconclusiveLimit})`;
  }
  const errorLimit = int(
    metric.consecutiveErrorLimit,
    DEFAULT_CONSECUTIVE_ERROR_LIMIT,
  );
  if ((result.consecutiveError ?? 0) > errorLimit) {
    phase = 'Error';
    message = `consecutiveErrors (${result.consecutiveError}) > consecutiveErrorLimit (${errorLimit})`;
  }
  return [phase, message];
}

export function assessMetric(
  metric: any,
  result: any,
  terminating: boolean,
): string {
  if (COMPLETED.includes(result.phase)) return result.phase;
  const measurements = result.measurements ?? [];
  if (!measurements.length) return terminating ? 'Successful' : 'Pending';
  const last = measurements[measurements.length - 1];
  if (!COMPLETED.includes(last.phase)) return 'Running';
  const [bad] = failureInconclusiveOrError(metric, result);
  if (bad) return bad;
  const successLimit = int(metric.consecutiveSuccessLimit, 0);
  if (successLimit > 0 && (result.consecutiveSuccess ?? 0) >= successLimit)
    return 'Successful';
  const count = effectiveCount(metric);
  if (count !== undefined && (result.count ?? 0) >= count) {
    const failureApplicable =
      metric.failureLimit === undefined || int(metric.failureLimit, 0) >= 0;
    if (successLimit > 0) return failureApplicable ? 'Inconclusive' : 'Failed';
    return 'Successful';
  }
  return terminating ? 'Successful' : 'Running';
}
