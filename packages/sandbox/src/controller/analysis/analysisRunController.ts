import { Cluster } from '../../k8s/cluster';
import { ANALYSISRUNS } from '../../k8s/resources';
import { KubeObject, clone, formatTime, parseTime } from '../../k8s/types';
import { deepEqual } from '../../util/json';
import { Clock } from '../../util/clock';
import { EventRecorder } from '../events';
import { WorkQueue } from '../workQueue';
import { JobProvider, isJobMetric } from './jobProvider';
import { redactSecrets, resolveSecretArgs } from './secretArgs';
import { durationSeconds } from '../rollout/canarySteps';
import {
  Measurement,
  resumeMeasurement,
  runMeasurement,
} from './metricProvider';
import {
  COMPLETED,
  ERROR_RETRY_SECONDS,
  MEASUREMENT_HISTORY_LIMIT,
  SEVERITY,
  assessMetric,
  effectiveCount,
  failureInconclusiveOrError,
  resolveArgs,
} from './assessment';
import { PrometheusQueries, formatSample } from './prometheusProvider';

/**
 * The success ratio the traffic model gives a revision: how the seeded demo
 * history's analysis measured, while the initial state is being settled.
 */
export type SeededSuccessRatio = (
  namespace: string,
  podTemplateHash: string,
) => number[];

/** analysis/analysis.go: the AnalysisRun controller. */

export class AnalysisRunController {
  /** Precise finish time of the last measurement per run/metric. */
  private readonly lastFinished = new Map<string, number>();
  /** Secret argument values of the run being reconciled, redacted from messages. */
  private secrets: string[] = [];
  #jobs?: JobProvider;

  private get jobs(): JobProvider {
    this.#jobs ??= new JobProvider(this.cluster);
    return this.#jobs;
  }

  constructor(
    private readonly cluster: Cluster,
    private readonly clock: Clock,
    private readonly queue: WorkQueue,
    private readonly recorder: EventRecorder,
    private readonly prometheus: PrometheusQueries,
    private readonly seededSuccessRatio: SeededSuccessRatio,
  ) {}

  reconcile = (namespace: string, name: string): void => {
    const stored = this.cluster.peek(ANALYSISRUNS, namespace, name);
    if (
      !stored ||
      stored.metadata.deletionTimestamp ||
      COMPLETED.includes(stored.status?.phase)
    )
      return;
    const run = clone(stored);
    const status = (run.status ??= {});
    status.metricResults ??= [];
    const now = this.clock.now();
    let metrics: any[];
    try {
      const { args, secrets } = resolveSecretArgs(
        this.cluster,
        namespace,
        run.spec?.args ?? [],
      );
      this.secrets = secrets;
      metrics = resolveArgs(run.spec?.metrics ?? [], args);
      if (!metrics.length)
        throw new Error('Analysis spec invalid: no metrics specified');
    } catch (e) {
      this.complete(
        run,
        'Error',
        `Unable to resolve metric arguments: ${(e as Error).message}`,
      );
      this.write(stored, run);
      return;
    }
    const dryRunNames = (run.spec?.dryRun ?? []).map((d: any) => d.metricName);
    const isDryRun = (m: any) =>
      dryRunNames.includes('*') || dryRunNames.includes(m.name);
    const terminating = !!run.spec?.terminate;
    status.startedAt ??= formatTime(now);
    for (const metric of metrics)
      this.measure(run, metric, now, terminating, isDryRun(metric));
    this.assess(run, metrics, terminating, isDryRun);
    this.write(stored, run);
    this.scheduleNext(run, metrics, now);
  };

  /** A new measurement: the job provider creates a Job, the others measure at once. */
  private measureNow(
    run: KubeObject,
    metric: any,
    now: number,
  ): Measurement | undefined {
    return isJobMetric(metric)
      ? this.jobs.run(run, metric, now)
      : this.takeMeasurement(run, metric, now);
  }

  /** An in-flight measurement: a Job is asked for its outcome (or deleted when terminating). */
  private resume(
    run: KubeObject,
    metric: any,
    last: Measurement,
    now: number,
    terminating: boolean,
  ): Measurement {
    if (!isJobMetric(metric)) return resumeMeasurement(last, now, terminating);
    return terminating
      ? this.jobs.terminate(run, last, now)
      : this.jobs.resume(run, last, now);
  }

  private measure(
    run: KubeObject,
    metric: any,
    now: number,
    terminating: boolean,
    dryRun: boolean,
  ): void {
    const results: any[] = run.status.metricResults;
    let result = results.find(r => r.name === metric.name);
    if (result && COMPLETED.includes(result.phase)) return;
    const measurements: Measurement[] = result?.measurements ?? [];
    const last = measurements[measurements.length - 1];
    const key = `${run.metadata.uid}/${metric.name}`;
    let next: Measurement | undefined;
    let replaceLast = false;
    if (last && !last.finishedAt) {
      if (!terminating && last.resumeAt && Date.parse(last.resumeAt) > now)
        return;
      next = this.resume(run, metric, last, now, terminating);
      replaceLast = true;
    } else if (terminating) {
      return;
    } else if (!last) {
      const delay = metric.initialDelay
        ? durationSeconds(metric.initialDelay)
        : 0;
      const started = parseTime(run.status.startedAt) ?? now;
      if (delay && now < started + this.clock.mechanical(delay)) return;
      next = this.measureNow(run, metric, now);
    } else {
      const count = effectiveCount(metric);
      if (count !== undefined && (result?.count ?? 0) >= count) return;
      const interval =
        last.phase === 'Error' || !metric.interval
          ? ERROR_RETRY_SECONDS
          : durationSeconds(metric.interval);
      const finished =
        this.lastFinished.get(key) ?? parseTime(last.finishedAt) ?? now;
      if (now < finished + this.intervalMs(metric, interval)) return;
      next = this.measureNow(run, metric, now);
    }
    if (!next) return;
    next.message = redactSecrets(next.message, this.secrets);
    if (!result) {
      result = {
        name: metric.name,
        phase: 'Running',
        dryRun: dryRun || undefined,
        measurements: [],
      };
      results.push(result);
    }
    if (COMPLETED.includes(next.phase)) {
      this.lastFinished.set(key, now);
      const counter = {
        Successful: 'successful',
        Failed: 'failed',
        Inconclusive: 'inconclusive',
        Error: 'error',
      }[next.phase]!;
      result[counter] = (result[counter] ?? 0) + 1;
      if (next.phase !== 'Error') result.count = (result.count ?? 0) + 1;
      result.consecutiveError =
        next.phase === 'Error' ? (result.consecutiveError ?? 0) + 1 : undefined;
      result.consecutiveSuccess =
        next.phase === 'Successful'
          ? (result.consecutiveSuccess ?? 0) + 1
          : undefined;
    }
    const list = [...(result.measurements ?? [])];
    if (replaceLast) list[list.length - 1] = next;
    else list.push(next);
    result.measurements = JSON.parse(
      JSON.stringify(list.slice(-MEASUREMENT_HISTORY_LIMIT)),
    );
  }

  /**
   * Measurement intervals are skipped while settling the seed state, except
   * for metrics without a count, which would otherwise measure forever.
   */
  private intervalMs(metric: any, seconds: number): number {
    return effectiveCount(metric) === undefined
      ? this.clock.scaled(seconds)
      : this.clock.mechanical(seconds);
  }

  private takeMeasurement(
    run: KubeObject,
    metric: any,
    now: number,
  ): Measurement | undefined {
    const namespace = run.metadata.namespace!;
    const name = run.metadata.name!;
    // The seeded demo history is settled in mechanical time, before anything
    // could have been scraped: its measurements are the traffic model's
    // success ratio of the analysed revision. After start-up every
    // measurement queries Prometheus.
    const seeded = () => {
      const hash = (run.spec?.args ?? []).find(
        (a: any) => a.name === 'pod-template-hash',
      )?.value;
      const values = hash ? this.seededSuccessRatio(namespace, hash) : [];
      return {
        phase: 'value' as const,
        value: `[${values.map(formatSample).join(',')}]`,
        result: values,
        startedAt: now,
      };
    };
    return runMeasurement(metric, {
      now,
      namespace,
      prometheus: (address, query) =>
        this.clock.settling
          ? seeded()
          : this.prometheus.take(
              `${run.metadata.uid}/${metric.name}`,
              address,
              query,
              () => this.queue.add('analysisrun', namespace, name),
            ),
    });
  }

  private assess(
    run: KubeObject,
    metrics: any[],
    terminating: boolean,
    isDryRun: (m: any) => boolean,
  ): void {
    const status = run.status;
    let worst = '';
    let worstMessage =
      terminating && run.spec?.terminate ? 'Run Terminated' : '';
    let everythingCompleted = true;
    const summary = {
      count: 0,
      successful: 0,
      failed: 0,
      inconclusive: 0,
      error: 0,
    };
    const drySummary = {
      count: 0,
      successful: 0,
      failed: 0,
      inconclusive: 0,
      error: 0,
    };
    for (const metric of metrics) {
      const dry = isDryRun(metric);
      (dry ? drySummary : summary).count++;
      const result = status.metricResults.find(
        (r: any) => r.name === metric.name,
      );
      if (!result) {
        everythingCompleted = false;
        continue;
      }
      const phase = assessMetric(metric, result, terminating);
      if (result.phase !== phase) {
        if (COMPLETED.includes(phase)) {
          const warning = phase === 'Error' || phase === 'Failed';
          this.recorder.record(
            run,
            warning ? 'Warning' : 'Normal',
            `Metric${phase}`,
            `Metric '${metric.name}' Completed. Result: ${phase}`,
          );
        }
        const last = result.measurements?.[result.measurements.length - 1];
        if (last?.message) result.message = last.message;
        result.phase = phase;
      }
      if (!COMPLETED.includes(phase)) {
        everythingCompleted = false;
        continue;
      }
      const [, message] = failureInconclusiveOrError(metric, result);
      const target = dry ? drySummary : summary;
      const key =
        (
          {
            Successful: 'successful',
            Failed: 'failed',
            Inconclusive: 'inconclusive',
            Error: 'error',
          } as const
        )[phase as 'Successful'] ?? 'successful';
      target[key]++;
      if (dry) {
        worst ||= 'Successful';
        if (message)
          result.message = `Metric assessed ${phase} due to ${message}`;
      } else if (!worst || SEVERITY[phase] > SEVERITY[worst]) {
        worst = phase;
        if (message) {
          worstMessage = `Metric "${metric.name}" assessed ${phase} due to ${message}`;
          if (result.message)
            worstMessage += `: "Error Message: ${result.message}"`;
        }
      }
    }
    // All RunSummary counters are omitempty upstream.
    const omitZero = (_k: string, v: unknown) => (v === 0 ? undefined : v);
    status.runSummary = JSON.parse(JSON.stringify(summary, omitZero));
    status.dryRunSummary = JSON.parse(JSON.stringify(drySummary, omitZero));
    let phase: string;
    if (terminating) phase = worst || 'Successful';
    else phase = !everythingCompleted || !worst ? 'Running' : worst;
    if (phase !== status.phase) {
      status.message = COMPLETED.includes(phase)
        ? worstMessage.trim() || undefined
        : undefined;
      if (COMPLETED.includes(phase)) this.complete(run, phase, status.message);
      else status.phase = phase;
    }
  }

  private complete(run: KubeObject, phase: string, message?: string): void {
    run.status.phase = phase;
    run.status.message = message;
    run.status.completedAt ??= formatTime(this.clock.now());
    const warning = phase === 'Error' || phase === 'Failed';
    this.recorder.record(
      run,
      warning ? 'Warning' : 'Normal',
      `AnalysisRun${phase}`,
      `Analysis Completed. Result: ${phase}`,
    );
  }

  private write(stored: KubeObject, run: KubeObject): void {
    const next = JSON.parse(JSON.stringify(run));
    if (!deepEqual(next.status, stored.status ?? {})) {
      this.cluster.update(
        ANALYSISRUNS,
        run.metadata.namespace!,
        run.metadata.name!,
        next,
      );
    }
  }

  private scheduleNext(run: KubeObject, metrics: any[], now: number): void {
    if (COMPLETED.includes(run.status.phase)) return;
    let due: number | undefined;
    for (const metric of metrics) {
      const result = run.status.metricResults.find(
        (r: any) => r.name === metric.name,
      );
      if (result && COMPLETED.includes(result.phase)) continue;
      const last = result?.measurements?.[result.measurements.length - 1];
      let at: number | undefined;
      if (!last) {
        const delay = metric.initialDelay
          ? durationSeconds(metric.initialDelay)
          : 0;
        at =
          (parseTime(run.status.startedAt) ?? now) +
          this.clock.mechanical(delay);
      } else if (!last.finishedAt) {
        at = Date.parse(last.resumeAt ?? '') || now;
      } else {
        const count = effectiveCount(metric);
        if (count !== undefined && (result.count ?? 0) >= count) continue;
        const interval =
          last.phase === 'Error' || !metric.interval
            ? ERROR_RETRY_SECONDS
            : durationSeconds(metric.interval);
        at =
          (this.lastFinished.get(`${run.metadata.uid}/${metric.name}`) ?? now) +
          this.intervalMs(metric, interval);
      }
      due = due === undefined ? at : Math.min(due, at);
    }
    if (due !== undefined) {
      this.queue.addAfter(
        'analysisrun',
        run.metadata.namespace!,
        run.metadata.name!,
        Math.max(0, due - now),
      );
    }
  }
}
