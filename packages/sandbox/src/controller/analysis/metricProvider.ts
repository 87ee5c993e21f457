import { formatTime } from '../../k8s/types';
import { evaluateResult } from './expr';
import { PrometheusOutcome } from './prometheusProvider';

/**
 * Metric providers. `prometheus` queries a real Prometheus (see
 * prometheusProvider.ts); `job` creates a Job (jobProvider.ts, called by the
 * AnalysisRun controller); other providers are not simulated and report an
 * Error measurement.
 */

export interface Measurement {
  phase: string;
  value?: string;
  message?: string;
  startedAt: string;
  finishedAt?: string;
  resumeAt?: string;
  metadata?: Record<string, string>;
}

export interface ProviderContext {
  now: number;
  namespace: string;
  /**
   * The answer to a prometheus query, once it is in; undefined while it is
   * being asked (the run is queued again when it is answered).
   */
  prometheus: (
    address: unknown,
    query: string,
  ) => PrometheusOutcome | undefined;
}

export function providerName(metric: any): string {
  return Object.keys(metric?.provider ?? {})[0] ?? 'unknown';
}

export function runMeasurement(
  metric: any,
  ctx: ProviderContext,
): Measurement | undefined {
  const startedAt = formatTime(ctx.now);
  const provider = providerName(metric);
  if (provider === 'prometheus') {
    const query = metric.provider.prometheus?.query;
    if (typeof query !== 'string' || !query.trim()) {
      return {
        phase: 'Error',
        message: 'prometheus query is empty',
        startedAt,
        finishedAt: startedAt,
      };
    }
    const outcome = ctx.prometheus(metric.provider.prometheus?.address, query);
    if (!outcome) return undefined;
    const queriedAt = formatTime(outcome.startedAt);
    if (outcome.phase === 'Error') {
      return {
        phase: 'Error',
        message: outcome.message,
        startedAt: queriedAt,
        finishedAt: startedAt,
      };
    }
    try {
      const phase = evaluateResult(
        outcome.result,
        metric.successCondition,
        metric.failureCondition,
      );
      return {
        phase,
        value: outcome.value,
        startedAt: queriedAt,
        finishedAt: startedAt,
      };
    } catch (e) {
      return {
        phase: 'Error',
        message: (e as Error).message,
        startedAt: queriedAt,
        finishedAt: startedAt,
      };
    }
  }
  return {
    phase: 'Error',
    message: `metric provider "${provider}" is not simulated by the portal sandbox`,
    startedAt,
    finishedAt: startedAt,
  };
}

/**
 * Resumes an in-flight measurement of a provider that completes at once (one
 * restored from a snapshot of an older sandbox, whose jobs were simulated).
 */
export function resumeMeasurement(
  measurement: Measurement,
  now: number,
  terminating: boolean,
): Measurement {
  const resumeAt = Date.parse(measurement.resumeAt ?? '');
  if (terminating) {
    return {
      ...measurement,
      phase: 'Successful',
      message: 'Metric Terminated',
      finishedAt: formatTime(now),
      resumeAt: undefined,
    };
  }
  if (Number.isNaN(resumeAt) || now >= resumeAt) {
    return {
      ...measurement,
      phase: 'Successful',
      finishedAt: formatTime(now),
      resumeAt: undefined,
    };
  }
  return measurement;
}
