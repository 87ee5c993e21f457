import { Cluster } from '../k8s/cluster';
import { ROLLOUTS } from '../k8s/resources';
import { StoreEvent } from '../k8s/types';
import {
  AnalysisRunController,
  SeededSuccessRatio,
} from './analysis/analysisRunController';
import { PrometheusQueries } from './analysis/prometheusProvider';
import { Clock } from '../util/clock';
import { DeploymentController } from './deploymentController';
import { EventRecorder } from './events';
import { JobController } from './jobController';
import { controllerOf } from './owners';
import { ReplicaSetController } from './replicaSetController';
import { RolloutController } from './rollout/rolloutController';
import { onWorkloadChange } from './rollout/workloadRef';
import { WorkQueue } from './workQueue';

export interface ControllerOptions {
  podStartupSeconds: number;
  /** Where `prometheus` metrics are queried; undefined when there is no Prometheus. */
  prometheusUrl: string | undefined;
  seededSuccessRatio: SeededSuccessRatio;
  onError: (key: string, error: unknown) => void;
}

/**
 * kube-controller-manager + argo-rollouts controller for one cluster: routes
 * store changes to the work queue of the controllers interested in them.
 */
export class ControllerManager {
  readonly queue: WorkQueue;
  readonly recorder: EventRecorder;
  /** Sub-second timestamps shared by the rollout controller (see RolloutDeps.precise). */
  readonly precise = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(
    readonly cluster: Cluster,
    readonly clock: Clock,
    options: ControllerOptions,
  ) {
    this.recorder = new EventRecorder(cluster, () => clock.now());
    const reconcilers: Record<string, (ns: string, name: string) => void> = {};
    this.queue = new WorkQueue(reconcilers, clock, options.onError);
    const rollouts = new RolloutController({
      cluster,
      clock,
      recorder: this.recorder,
      queue: this.queue,
      precise: this.precise,
    });
    reconcilers.rollout = rollouts.reconcile;
    reconcilers.replicaset = new ReplicaSetController(
      cluster,
      clock,
      this.queue,
      options.podStartupSeconds,
      this.recorder,
    ).reconcile;
    reconcilers.deployment = new DeploymentController(cluster, clock).reconcile;
    reconcilers.job = new JobController(
      cluster,
      clock,
      this.queue,
      options.podStartupSeconds,
      this.recorder,
    ).reconcile;
    reconcilers.analysisrun = new AnalysisRunController(
      cluster,
      clock,
      this.queue,
      this.recorder,
      new PrometheusQueries(options.prometheusUrl, () => clock.now()),
      options.seededSuccessRatio,
    ).reconcile;
    this.unsubscribe = cluster.store.subscribe(event => this.route(event));
  }

  /** Enqueues every object a controller owns, e.g. after loading a snapshot. */
  resyncAll(): void {
    for (const [resource, kind] of [
      ['rollouts.argoproj.io', 'rollout'],
      ['replicasets.apps', 'replicaset'],
      ['deployments.apps', 'deployment'],
      ['analysisruns.argoproj.io', 'analysisrun'],
      ['jobs.batch', 'job'],
    ]) {
      for (const obj of this.cluster.store.list(resource)) {
        this.queue.add(kind, obj.metadata.namespace ?? '', obj.metadata.name!);
      }
    }
  }

  private route(event: StoreEvent): void {
    const obj = event.object;
    const ns = obj.metadata.namespace ?? '';
    const owner = controllerOf(obj);
    switch (event.resource) {
      case 'rollouts.argoproj.io':
        this.queue.add('rollout', ns, obj.metadata.name!);
        break;
      case 'replicasets.apps':
        this.queue.add('replicaset', ns, obj.metadata.name!);
        if (owner?.kind === 'Rollout')
          this.queue.add('rollout', ns, owner.name);
        if (owner?.kind === 'Deployment')
          this.queue.add('deployment', ns, owner.name);
        onWorkloadChange(this.cluster, obj, event.type === 'DELETED', (n, r) =>
          this.queue.add('rollout', n, r),
        );
        break;
      case 'pods':
        if (owner?.kind === 'ReplicaSet')
          this.queue.add('replicaset', ns, owner.name);
        if (owner?.kind === 'Job') this.queue.add('job', ns, owner.name);
        break;
      case 'jobs.batch':
        this.queue.add('job', ns, obj.metadata.name!);
        // The job metric provider reads the outcome when its run resumes.
        if (owner?.kind === 'AnalysisRun')
          this.queue.add('analysisrun', ns, owner.name);
        break;
      case 'deployments.apps':
        this.queue.add('deployment', ns, obj.metadata.name!);
        onWorkloadChange(this.cluster, obj, event.type === 'DELETED', (n, r) =>
          this.queue.add('rollout', n, r),
        );
        break;
      case 'analysisruns.argoproj.io':
        this.queue.add('analysisrun', ns, obj.metadata.name!);
        if (owner?.kind === 'Rollout')
          this.queue.add('rollout', ns, owner.name);
        break;
      case 'clusteranalysistemplates.argoproj.io':
        for (const rollout of this.cluster.store.list('rollouts.argoproj.io')) {
          if (
            JSON.stringify(rollout.spec?.strategy ?? {}).includes(
              `"${obj.metadata.name}"`,
            )
          ) {
            this.queue.add(
              'rollout',
              rollout.metadata.namespace!,
              rollout.metadata.name!,
            );
          }
        }
        break;
      case 'services':
      case 'analysistemplates.argoproj.io':
        // Rollouts referencing the object may change validity or selectors.
        for (const rollout of this.cluster.peekList(ROLLOUTS, ns)) {
          if (
            JSON.stringify(rollout.spec?.strategy ?? {}).includes(
              `"${obj.metadata.name}"`,
            )
          ) {
            this.queue.add('rollout', ns, rollout.metadata.name!);
          }
        }
        break;
      default:
        break;
    }
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }
}
