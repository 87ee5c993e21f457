import { Cluster } from '../k8s/cluster';
import { JOBS, PODS } from '../k8s/resources';
import { KubeObject, clone, formatTime, parseTime } from '../k8s/types';
import { Clock } from '../util/clock';
import { deepEqual } from '../util/json';
import { EventRecorder } from './events';
import { podOutcome, terminatedPodStatus } from './jobPods';
import { controllerOf, controllerRef } from './owners';
import { WorkQueue } from './workQueue';

const POD_NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
/** The job controller's pod backoff: 10 s, doubled per failure, at most 6 min. */
const BACKOFF_SECONDS = 10;
const MAX_BACKOFF_SECONDS = 360;

const finished = (job: KubeObject) =>
  (job.status?.conditions ?? []).some(
    (c: any) =>
      (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );

/**
 * The Job controller (pkg/controller/job) plus the part of the kubelet that
 * runs a Job's pods: one pod at a time (parallelism and completions beyond 1
 * are counted but pods are started one after the other), a failed pod
 * replaced after the exponential backoff until `backoffLimit` is exceeded,
 * and the Complete or Failed condition set as the real controller sets it.
 * What a pod's containers exit with is read from their command (jobPods.ts).
 */
export class JobController {
  /** Precise start times of pods; object timestamps have second resolution. */
  private readonly startedAt = new Map<string, number>();

  constructor(
    private readonly cluster: Cluster,
    private readonly clock: Clock,
    private readonly queue: WorkQueue,
    private readonly podStartupSeconds: number,
    private readonly recorder: EventRecorder,
  ) {}

  reconcile = (namespace: string, name: string): void => {
    const job = this.cluster.peek(JOBS, namespace, name);
    if (!job || job.metadata.deletionTimestamp || finished(job)) return;
    if (job.spec?.suspend) return;
    const pods = this.cluster
      .peekList(PODS, namespace)
      .filter(p => controllerOf(p)?.uid === job.metadata.uid);
    for (const pod of pods) this.progress(job, pod);

    const current = this.cluster
      .peekList(PODS, namespace)
      .filter(p => controllerOf(p)?.uid === job.metadata.uid);
    const active = current.filter(
      p => !['Succeeded', 'Failed'].includes(p.status?.phase),
    );
    const succeeded = current.filter(p => p.status?.phase === 'Succeeded');
    const failed = current.filter(p => p.status?.phase === 'Failed');
    const completions = job.spec?.completions ?? 1;
    const backoffLimit = job.spec?.backoffLimit ?? 6;
    const now = this.clock.now();
    const status: any = {
      startTime: job.status?.startTime ?? formatTime(now),
      active: active.length || undefined,
      ready: 0,
      succeeded: succeeded.length || undefined,
      failed: failed.length || undefined,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions: job.status?.conditions,
    };

    if (succeeded.length >= completions) {
      status.completionTime = formatTime(now);
      status.conditions = [
        this.condition(
          'SuccessCriteriaMet',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          now,
        ),
        this.condition(
          'Complete',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          now,
        ),
      ];
      this.recorder.record(
        job,
        'Normal',
        'Completed',
        'Job completed',
        'job-controller',
      );
    } else if (failed.length > backoffLimit) {
      for (const pod of active)
        this.cluster.delete(PODS, namespace, pod.metadata.name!);
      status.active = undefined;
      status.conditions = [
        this.condition(
          'FailureTarget',
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
          now,
        ),
        this.condition(
          'Failed',
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
          now,
        ),
      ];
      this.recorder.record(
        job,
        'Warning',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
        'job-controller',
      );
    } else if (active.length === 0) {
      const lastFailure = Math.max(0, ...failed.map(p => this.finishedAt(p)));
      const backoff = failed.length
        ? Math.min(
            BACKOFF_SECONDS * 2 ** (failed.length - 1),
            MAX_BACKOFF_SECONDS,
          )
        : 0;
      const due = lastFailure + this.clock.scaled(backoff);
      if (now >= due) {
        this.createPod(job);
        status.active = 1;
      } else {
        this.queue.addAfter('job', namespace, name, due - now);
      }
    }
    this.writeStatus(job, JSON.parse(JSON.stringify(status)));
  };

  private condition(
    type: string,
    reason: string,
    message: string,
    now: number,
  ) {
    const ts = formatTime(now);
    return {
      type,
      status: 'True',
      reason,
      message,
      lastProbeTime: ts,
      lastTransitionTime: ts,
    };
  }

  private finishedAt(pod: KubeObject): number {
    const state = pod.status?.containerStatuses?.[0]?.state?.terminated;
    return parseTime(state?.finishedAt) ?? 0;
  }

  private createPod(job: KubeObject): void {
    let suffix = '';
    for (let i = 0; i < 5; i++)
      suffix +=
        POD_NAME_CHARS[Math.floor(Math.random() * POD_NAME_CHARS.length)];
    const template = clone(job.spec?.template ?? {});
    const created = this.cluster.create(PODS, job.metadata.namespace!, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${job.metadata.name}-${suffix}`,
        namespace: job.metadata.namespace,
        labels: template.metadata?.labels,
        annotations: template.metadata?.annotations,
        ownerReferences: [controllerRef(job)],
      },
      spec: { ...template.spec, nodeName: 'sandbox-node-1' },
    });
    this.startedAt.set(created.metadata.uid!, this.clock.now());
    const pending = clone(created);
    pending.status = { phase: 'Pending', qosClass: 'BestEffort' };
    this.cluster.update(
      PODS,
      pending.metadata.namespace!,
      pending.metadata.name!,
      pending,
      {
        subresource: 'status',
      },
    );
    this.recorder.record(
      job,
      'Normal',
      'SuccessfulCreate',
      `Created pod: ${created.metadata.name}`,
      'job-controller',
    );
    this.queue.addAfter(
      'job',
      job.metadata.namespace!,
      job.metadata.name!,
      this.runMs(created),
    );
  }

  /** Start-up plus the simulated run time of the pod's containers. */
  private runMs(pod: KubeObject): number {
    return (
      this.clock.mechanical(this.podStartupSeconds) +
      this.clock.scaled(podOutcome(pod).seconds)
    );
  }

  /** kubelet: a pod ends once its start-up and run time have passed. */
  private progress(job: KubeObject, pod: KubeObject): void {
    if (['Succeeded', 'Failed'].includes(pod.status?.phase)) return;
    const started =
      this.startedAt.get(pod.metadata.uid!) ??
      parseTime(pod.metadata.creationTimestamp) ??
      0;
    const doneAt = started + this.runMs(pod);
    const now = this.clock.now();
    if (now < doneAt) {
      this.queue.addAfter(
        'job',
        job.metadata.namespace!,
        job.metadata.name!,
        doneAt - now,
      );
      return;
    }
    const updated = clone(pod);
    updated.status = terminatedPodStatus(pod, started, now);
    this.cluster.update(
      PODS,
      pod.metadata.namespace!,
      pod.metadata.name!,
      updated,
      {
        subresource: 'status',
      },
    );
    this.startedAt.delete(pod.metadata.uid!);
  }

  private writeStatus(job: KubeObject, status: any): void {
    if (deepEqual(status, job.status ?? {})) return;
    const updated = clone(job);
    updated.status = status;
    this.cluster.update(
      JOBS,
      job.metadata.namespace!,
      job.metadata.name!,
      updated,
      {
        subresource: 'status',
      },
    );
  }
}
