import { ANALYSISRUNS, REPLICASETS, ROLLOUTS } from '../../k8s/resources';
import { KubeObject, clone } from '../../k8s/types';
import { controllerOf } from '../owners';
import { splitAnalysisRuns } from './analysis';
import { rolloutBlueGreen } from './blueGreen';
import { rolloutCanary } from './canary';
import {
  getCondition,
  newCondition,
  removeCondition,
  setCondition,
} from './conditions';
import { CONDITION_INVALID_SPEC, Reasons } from './constants';
import { RolloutContext, RolloutDeps } from './context';
import { calculateRolloutPhase } from './phase';
import { createDesiredReplicaSet } from './replicaSetOps';
import { findNewReplicaSet } from './replicaSets';
import { checkPausedConditions } from './rolloutConditions';
import { patchStatus } from './statusPatch';
import { rolloutValidationError } from './validation';
import {
  ResolvedWorkload,
  resolveWorkloadRef,
  withWorkload,
} from './workloadRef';

/**
 * The simulated Argo Rollouts controller: syncHandler + newRolloutContext +
 * reconcile from rollout/controller.go and rollout/context.go.
 */
export class RolloutController {
  constructor(private readonly deps: RolloutDeps) {}

  reconcile = (namespace: string, name: string): void => {
    const { cluster } = this.deps;
    const stored = cluster.peek(ROLLOUTS, namespace, name);
    if (!stored || stored.metadata.deletionTimestamp) return;
    let rollout = clone(stored);
    if (rollout.spec?.replicas === undefined) {
      rollout.spec = { ...rollout.spec, replicas: 1 };
      cluster.update(ROLLOUTS, namespace, name, rollout);
      return;
    }
    const owned = (list: KubeObject[]) =>
      list
        .filter(o => controllerOf(o)?.uid === rollout.metadata.uid)
        .map(o => clone(o));
    const rsList = owned(cluster.peekList(REPLICASETS, namespace));
    let workload: ResolvedWorkload | undefined;
    let unresolved: string | undefined;
    if (rollout.spec.workloadRef) {
      const resolved = resolveWorkloadRef(cluster, rollout);
      if ('error' in resolved) unresolved = resolved.error;
      else workload = resolved.workload;
    }
    const ctx = new RolloutContext(
      rollout,
      rsList,
      findNewReplicaSet(
        workload ? withWorkload(rollout, workload) : rollout,
        rsList,
      ),
      this.deps,
      workload,
    );
    [ctx.currentArs, ctx.otherArs] = splitAnalysisRuns(
      rollout,
      owned(cluster.peekList(ANALYSISRUNS, namespace)),
    );
    if (ctx.newRS) {
      ctx.newRSWithinDelay = ctx.scaleDownRemaining(ctx.newRS) !== undefined;
    }

    const invalid = unresolved ?? rolloutValidationError(ctx);
    if (invalid) {
      this.markInvalid(ctx, invalid);
      ctx.requeueAfter(this.deps.clock.scaled(20));
      return;
    }
    if (!ctx.newRS) {
      const created = createDesiredReplicaSet(ctx);
      ctx.newRS = created;
      ctx.allRSs = [
        ...ctx.allRSs.filter(rs => rs.metadata.name !== created.metadata.name),
        created,
      ];
      ctx.regroup();
    }
    rollout = ctx.rollout;
    const status = rollout.status ?? {};
    if (
      status.stableRS &&
      status.stableRS === status.currentPodHash &&
      ctx.pause.isAborted()
    ) {
      ctx.pause.removeAbort();
    }
    ctx.newStatus.canary.weights = status.canary?.weights;

    if (checkPausedConditions(ctx)) return;
    if (rollout.spec.strategy.blueGreen) {
      rolloutBlueGreen(ctx);
    } else {
      rolloutCanary(ctx);
    }
  };

  /** createInvalidRolloutCondition */
  private markInvalid(ctx: RolloutContext, error: string): void {
    const r = ctx.rollout;
    const message = `The Rollout "${r.metadata.name}" is invalid: ${error}`;
    const prev = getCondition(r.status, CONDITION_INVALID_SPEC);
    if (
      prev?.message === message &&
      r.status?.observedGeneration === String(r.metadata.generation)
    )
      return;
    const status = clone(r.status ?? {});
    if (prev) removeCondition(status, CONDITION_INVALID_SPEC);
    setCondition(
      status,
      newCondition(
        CONDITION_INVALID_SPEC,
        'True',
        Reasons.InvalidSpec,
        message,
        ctx.now(),
      ),
    );
    status.observedGeneration = String(r.metadata.generation);
    const { phase, message: phaseMessage } = calculateRolloutPhase(
      r.spec,
      status,
    );
    status.phase = phase;
    status.message = phaseMessage || undefined;
    patchStatus(ctx, status);
    ctx.event('Warning', Reasons.InvalidSpec, message);
  }
}
