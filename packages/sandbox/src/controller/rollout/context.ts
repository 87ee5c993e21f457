import { Cluster } from '../../k8s/cluster';
import { ROLLOUTS } from '../../k8s/resources';
import { KubeObject, clone, parseTime } from '../../k8s/types';
import { Clock } from '../../util/clock';
import { EventRecorder } from '../events';
import { WorkQueue } from '../workQueue';
import { COMPONENT } from './constants';
import { PauseContext } from './pauseContext';
import {
  getStableRS,
  otherReplicaSets,
  timeRemainingBeforeScaleDown,
} from './replicaSets';
import { ResolvedWorkload, withWorkload, withoutWorkload } from './workloadRef';

export interface CurrentAnalysisRuns {
  canaryStep?: KubeObject;
  canaryBackground?: KubeObject;
  prePromotion?: KubeObject;
  postPromotion?: KubeObject;
}

/** Shared services of the rollout controller. */
export interface RolloutDeps {
  cluster: Cluster;
  clock: Clock;
  recorder: EventRecorder;
  queue: WorkQueue;
  /**
   * Sub-second timestamps for pause starts and scale-down deadlines, keyed by
   * `${uid}/${what}`; object timestamps only have second precision, which is
   * too coarse once the speed factor is large.
   */
  precise: Map<string, number>;
}

/**
 * rollout/context.go's rolloutContext: everything one reconciliation of one
 * Rollout knows. `rollout` is replaced whenever the reconciliation writes it.
 */
export class RolloutContext {
  newRS?: KubeObject;
  stableRS?: KubeObject;
  olderRSs: KubeObject[];
  otherRSs: KubeObject[];
  currentArs: CurrentAnalysisRuns = {};
  otherArs: KubeObject[] = [];
  newStatus: any;
  readonly pause: PauseContext;
  newRSWithinDelay = false;
  #rollout: KubeObject;

  constructor(
    rollout: KubeObject,
    public allRSs: KubeObject[],
    newRS: KubeObject | undefined,
    readonly deps: RolloutDeps,
    /** What `spec.workloadRef` resolved to; kept in every copy of the Rollout this context adopts. */
    readonly workload?: ResolvedWorkload,
  ) {
    this.#rollout = workload ? withWorkload(rollout, workload) : rollout;
    this.newRS = newRS;
    this.olderRSs = allRSs.filter(
      rs => rs.metadata.name !== newRS?.metadata.name,
    );
    this.stableRS = getStableRS(rollout, newRS, this.olderRSs);
    this.otherRSs = otherReplicaSets(newRS, this.stableRS, allRSs);
    this.newStatus = {
      restartedAt: rollout.status?.restartedAt,
      canary: {},
      blueGreen: {},
    };
    this.pause = new PauseContext(rollout, () => deps.clock.now());
  }

  get rollout(): KubeObject {
    return this.#rollout;
  }

  /** Adopts a Rollout written to the store (which holds no resolved template). */
  set rollout(value: KubeObject) {
    this.#rollout = this.workload ? withWorkload(value, this.workload) : value;
  }

  get cluster(): Cluster {
    return this.deps.cluster;
  }

  get namespace(): string {
    return this.rollout.metadata.namespace!;
  }

  now(): number {
    return this.deps.clock.now();
  }

  /** Re-derives the RS groupings after newRS or stableRS changed. */
  regroup(): void {
    this.olderRSs = this.allRSs.filter(
      rs => rs.metadata.name !== this.newRS?.metadata.name,
    );
    this.stableRS = getStableRS(this.rollout, this.newRS, this.olderRSs);
    this.otherRSs = otherReplicaSets(this.newRS, this.stableRS, this.allRSs);
  }

  /** Replaces a ReplicaSet in the cached lists after it was written. */
  replaceRS(rs: KubeObject): KubeObject {
    const swap = (list: KubeObject[]) =>
      list.map(r => (r.metadata.name === rs.metadata.name ? rs : r));
    this.allRSs = swap(this.allRSs);
    this.olderRSs = swap(this.olderRSs);
    this.otherRSs = swap(this.otherRSs);
    if (this.newRS?.metadata.name === rs.metadata.name) this.newRS = rs;
    if (this.stableRS?.metadata.name === rs.metadata.name) this.stableRS = rs;
    return rs;
  }

  event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.recorder.record(this.rollout, type, reason, message, COMPONENT);
  }

  requeueAfter(ms: number): void {
    this.deps.queue.addAfter(
      'rollout',
      this.namespace,
      this.rollout.metadata.name!,
      ms,
    );
  }

  /** Start of a pause condition, precise when this process set it. */
  pauseStart(reason: string): number | undefined {
    const cond = (this.rollout.status?.pauseConditions ?? []).find(
      (c: any) => c.reason === reason,
    );
    if (!cond) return undefined;
    return (
      this.deps.precise.get(
        `${this.rollout.metadata.uid}/pause/${reason}/${cond.startTime}`,
      ) ?? parseTime(cond.startTime)
    );
  }

  scaleDownRemaining(rs: KubeObject | undefined): number | undefined {
    if (!rs) return undefined;
    const precise = this.deps.precise.get(`${rs.metadata.uid}/scaleDown`);
    return timeRemainingBeforeScaleDown(rs, this.now(), precise);
  }

  /** Writes the rollout's main resource and adopts the result. */
  updateRollout(mutate: (r: KubeObject) => void): void {
    let next = clone(this.rollout);
    mutate(next);
    if (this.workload) next = withoutWorkload(next, this.workload);
    this.rollout = this.cluster.update(
      ROLLOUTS,
      this.namespace,
      next.metadata.name!,
      next,
    );
  }

  /** Writes the rollout's status (full replacement) and adopts the result. */
  updateRolloutStatus(status: any): void {
    let next = clone(this.rollout);
    if (this.workload) next = withoutWorkload(next, this.workload);
    next.status = JSON.parse(JSON.stringify(status));
    this.rollout = this.cluster.update(
      ROLLOUTS,
      this.namespace,
      next.metadata.name!,
      next,
      { subresource: 'status' },
    );
  }
}
