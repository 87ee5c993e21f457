import { Cluster } from '../../k8s/cluster';
import { ApiError } from '../../k8s/errors';
import { JOBS } from '../../k8s/resources';
import { KubeObject, clone, formatTime } from '../../k8s/types';
import { controllerOf, controllerRef } from '../owners';
import { Measurement } from './metricProvider';

/**
 * The `job` metric provider (metricproviders/job/job.go): a measurement
 * creates a batch/v1 Job from `provider.job.spec`, owned by the AnalysisRun,
 * and stays Running until the Job has the Complete (Successful) or Failed
 * (Failed) condition. The sandbox's Job controller runs the Job.
 */

const JOB_NAME_KEY = 'job-name';
const JOB_NAMESPACE_KEY = 'job-namespace';
const RUN_NAME_ANNOTATION = 'analysisrun.argoproj.io/name';
const METRIC_NAME_ANNOTATION = 'analysisrun.argoproj.io/metric-name';
const RUN_UID_LABEL = 'analysisrun.argoproj.io/uid';

export const isJobMetric = (metric: any) => !!metric?.provider?.job;

const MISSING_REFERENCE = 'job metadata reference missing';

/** The Job a measurement refers to (getJobName). */
function jobRef(
  run: KubeObject,
  measurement: Measurement,
): { name: string; namespace: string } | undefined {
  const name = measurement.metadata?.[JOB_NAME_KEY];
  if (!name) return undefined;
  return {
    name,
    namespace:
      measurement.metadata?.[JOB_NAMESPACE_KEY] ?? run.metadata.namespace!,
  };
}

function errorMeasurement(
  measurement: Measurement,
  error: unknown,
  now: number,
) {
  return {
    ...measurement,
    phase: 'Error',
    message: (error as Error)?.message ?? String(error),
    finishedAt: formatTime(now),
    resumeAt: undefined,
  };
}

export class JobProvider {
  constructor(private readonly cluster: Cluster) {}

  /** newJobName: `<run uid>.<metric>.<measurements taken + errors + 1>`. */
  private jobName(run: KubeObject, metricName: string): string {
    const result = (run.status?.metricResults ?? []).find(
      (r: any) => r.name === metricName,
    );
    const id = (result?.count ?? 0) + (result?.error ?? 0) + 1;
    return `${run.metadata.uid}.${metricName}.${id}`;
  }

  run(run: KubeObject, metric: any, now: number): Measurement {
    const measurement: Measurement = {
      phase: 'Running',
      startedAt: formatTime(now),
    };
    const namespace = run.metadata.namespace!;
    const jobMetadata = metric.provider.job.metadata ?? {};
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: this.jobName(run, metric.name),
        namespace,
        ownerReferences: [controllerRef(run)],
        annotations: {
          ...jobMetadata.annotations,
          [RUN_NAME_ANNOTATION]: run.metadata.name,
          [METRIC_NAME_ANNOTATION]: metric.name,
        },
        labels: { ...jobMetadata.labels, [RUN_UID_LABEL]: run.metadata.uid },
      },
      spec: clone(metric.provider.job.spec ?? {}),
    };
    let created: KubeObject;
    try {
      created = this.cluster.create(JOBS, namespace, job);
    } catch (error) {
      if (!(error instanceof ApiError) || error.reason !== 'AlreadyExists') {
        return errorMeasurement(measurement, error, now);
      }
      const existing = this.cluster.peek(JOBS, namespace, job.metadata.name);
      if (controllerOf(existing)?.uid !== run.metadata.uid) {
        return errorMeasurement(measurement, error, now);
      }
      created = existing!;
    }
    return {
      ...measurement,
      metadata: {
        [JOB_NAME_KEY]: created.metadata.name!,
        [JOB_NAMESPACE_KEY]: namespace,
      },
    };
  }

  resume(run: KubeObject, measurement: Measurement, now: number): Measurement {
    const ref = jobRef(run, measurement);
    if (!ref) return errorMeasurement(measurement, MISSING_REFERENCE, now);
    const job = this.cluster.peek(JOBS, ref.namespace, ref.name);
    if (!job) {
      return errorMeasurement(
        measurement,
        `job.batch "${ref.name}" not found`,
        now,
      );
    }
    for (const condition of job.status?.conditions ?? []) {
      if (condition.status !== 'True') continue;
      if (condition.type === 'Complete' || condition.type === 'Failed') {
        return {
          ...measurement,
          phase: condition.type === 'Complete' ? 'Successful' : 'Failed',
          finishedAt: formatTime(now),
          resumeAt: undefined,
        };
      }
    }
    return measurement;
  }

  /** Terminate: the Job is deleted (foreground) and the measurement counts as Successful. */
  terminate(
    run: KubeObject,
    measurement: Measurement,
    now: number,
  ): Measurement {
    const ref = jobRef(run, measurement);
    if (!ref) return errorMeasurement(measurement, MISSING_REFERENCE, now);
    try {
      this.cluster.delete(JOBS, ref.namespace, ref.name, {
        propagationPolicy: 'Foreground',
      });
    } catch (error) {
      if (!(error instanceof ApiError) || error.reason !== 'NotFound') {
        return errorMeasurement(measurement, error, now);
      }
    }
    return {
      ...measurement,
      phase: 'Successful',
      message: 'Metric Terminated',
      finishedAt: formatTime(now),
      resumeAt: undefined,
    };
  }
}
