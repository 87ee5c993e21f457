import { formatTime } from '../../k8s/types';
import { QueryResult, formatVector } from '../../traffic/promql';
import { evaluateResult } from './expr';

/**
 * Simulated metric providers. `prometheus` queries the traffic model;
 * `job` succeeds after a short delay (the Job itself is not created); other
 * providers are not simulated and report an Error measurement.
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
  query: (namespace: string, promql: string) => QueryResult;
  /** Real milliseconds a simulated Job takes. */
  jobDurationMs: number;
}

export const JOB_SECONDS = 10;

export function providerName(metric: any): string {
  return Object.keys(metric?.provider ?? {})[0] ?? 'unknown';
}

export function runMeasurement(metric: any, ctx: ProviderContext): Measurement {
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
    try {
      const result = ctx.query(ctx.namespace, query);
      const phase = evaluateResult(
        result.values,
        metric.successCondition,
        metric.failureCondition,
      );
      return {
        phase,
        value: formatVector(result.values),
        startedAt,
        finishedAt: startedAt,
      };
    } catch (e) {
      return {
        phase: 'Error',
        message: (e as Error).message,
        startedAt,
        finishedAt: startedAt,
      };
    }
  }
  if (provider === 'job') {
    return {
      phase: 'Running',
      startedAt,
      resumeAt: formatTime(ctx.now + ctx.jobDurationMs),
      metadata: {
        'job-name': `sandbox-simulated-job`,
        'job-namespace': ctx.namespace,
      },
    };
  }
  return {
    phase: 'Error',
    message: `metric provider "${provider}" is not simulated by the portal sandbox`,
    startedAt,
    finishedAt: startedAt,
  };
}

/** Resumes an in-flight measurement (only simulated Jobs have one). */
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
