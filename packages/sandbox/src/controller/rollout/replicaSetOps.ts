import { ApiError } from '../../k8s/errors';
import { ANALYSISRUNS, REPLICASETS } from '../../k8s/resources';
import { KubeObject, clone, formatTime } from '../../k8s/types';
import { computePodTemplateHash } from '../../util/hash';
import { controllerOf, controllerRef } from '../owners';
import { setCondition, newCondition, getCondition } from './conditions';
import {
  CONDITION_PROGRESSING,
  DEFAULT_REVISION_HISTORY_LIMIT,
  DESIRED_REPLICAS_ANNOTATION,
  LAST_APPLIED_ANNOTATION,
  Messages,
  POD_HASH_LABEL,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  Reasons,
  SCALE_DOWN_DEADLINE_ANNOTATION,
} from './constants';
import { RolloutContext } from './context';
import {
  maxRevision,
  podHash,
  revisionOf,
  rolloutReplicas,
  specReplicas,
  statusReplicas,
  byCreation,
} from './replicaSets';

const SKIPPED_ANNOTATIONS = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  'notified.notifications.argoproj.io',
]);

/** annotations.SetNewReplicaSetAnnotations; returns whether anything changed. */
function setNewReplicaSetAnnotations(
  rollout: KubeObject,
  rs: KubeObject,
  newRevision: number,
): boolean {
  let changed = false;
  const annotations = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(rollout.metadata.annotations ?? {})) {
    if (!SKIPPED_ANNOTATIONS.has(k) && annotations[k] !== v) {
      annotations[k] = v;
      changed = true;
    }
  }
  const oldRevision = annotations[REVISION_ANNOTATION];
  const oldValue = oldRevision ? Number.parseInt(oldRevision, 10) : 0;
  if (oldValue < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    if (oldRevision) {
      const history = annotations[REVISION_HISTORY_ANNOTATION];
      annotations[REVISION_HISTORY_ANNOTATION] = history
        ? `${history},${oldRevision}`
        : oldRevision;
    }
    changed = true;
  }
  return changed;
}

function setRolloutRevision(ctx: RolloutContext, revision: string): void {
  if (ctx.rollout.metadata.annotations?.[REVISION_ANNOTATION] === revision)
    return;
  ctx.updateRollout(r => {
    r.metadata.annotations = {
      ...r.metadata.annotations,
      [REVISION_ANNOTATION]: revision,
    };
  });
  ctx.event(
    'Normal',
    Reasons.RolloutUpdated,
    Messages.rolloutUpdated(revision),
  );
}

/** createDesiredReplicaSet */
export function createDesiredReplicaSet(ctx: RolloutContext): KubeObject {
  const rollout = ctx.rollout;
  const newRevision = maxRevision(ctx.olderRSs) + 1;
  const hash = computePodTemplateHash(
    rollout.spec.template,
    rollout.status?.collisionCount,
  );
  const template = clone(rollout.spec.template);
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, [POD_HASH_LABEL]: hash },
  };
  const selector = clone(rollout.spec.selector);
  selector.matchLabels = { ...selector.matchLabels, [POD_HASH_LABEL]: hash };
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${rollout.metadata.name}-${hash}`,
      namespace: ctx.namespace,
      labels: template.metadata.labels,
      ownerReferences: [controllerRef(rollout)],
    },
    spec: {
      replicas: 0,
      minReadySeconds: rollout.spec.minReadySeconds,
      selector,
      template,
    },
  };
  if (rs.spec.minReadySeconds === undefined) delete rs.spec.minReadySeconds;
  setNewReplicaSetAnnotations(rollout, rs, newRevision);
  let created: KubeObject;
  let alreadyExisted = false;
  try {
    created = ctx.cluster.create(REPLICASETS, ctx.namespace, rs);
  } catch (e) {
    if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') throw e;
    // Same template already has a ReplicaSet (e.g. a manual rollback to an old revision).
    created = ctx.cluster.get(REPLICASETS, ctx.namespace, rs.metadata.name!);
    alreadyExisted = true;
    if (controllerOf(created)?.uid !== rollout.metadata.uid) {
      // A hash collision, e.g. with the ReplicaSet of the Deployment a
      // workloadRef points at: bump collisionCount and let the error requeue.
      const status = clone(ctx.rollout.status ?? {});
      status.collisionCount = (status.collisionCount ?? 0) + 1;
      ctx.updateRolloutStatus(status);
      throw e;
    }
  }
  setRolloutRevision(ctx, String(newRevision));
  if (!alreadyExisted) {
    ctx.event(
      'Normal',
      Reasons.NewReplicaSetCreated,
      Messages.newReplicaSetDetailed(
        created.metadata.name!,
        revisionOf(created),
      ),
    );
    const status = clone(ctx.rollout.status ?? {});
    setCondition(
      status,
      newCondition(
        CONDITION_PROGRESSING,
        'True',
        Reasons.NewReplicaSetCreated,
        Messages.newReplicaSet(created.metadata.name!),
        ctx.now(),
      ),
    );
    ctx.updateRolloutStatus(status);
  }
  return created;
}

/** syncReplicaSetRevision: bumps an existing new RS to the latest revision (rollbacks). */
export function syncReplicaSetRevision(ctx: RolloutContext): void {
  if (!ctx.newRS) return;
  const newRevision = maxRevision(ctx.olderRSs) + 1;
  const rs = clone(ctx.newRS);
  const changed = setNewReplicaSetAnnotations(ctx.rollout, rs, newRevision);
  const minReadyChanged =
    (rs.spec.minReadySeconds ?? 0) !== (ctx.rollout.spec.minReadySeconds ?? 0);
  if (changed || minReadyChanged) {
    rs.spec.minReadySeconds = ctx.rollout.spec.minReadySeconds;
    ctx.newRS = ctx.replaceRS(
      ctx.cluster.update(REPLICASETS, ctx.namespace, rs.metadata.name!, rs),
    );
    return;
  }
  setRolloutRevision(ctx, rs.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
  if (!getCondition(ctx.rollout.status, CONDITION_PROGRESSING)) {
    const status = clone(ctx.rollout.status ?? {});
    setCondition(
      status,
      newCondition(
        CONDITION_PROGRESSING,
        'True',
        Reasons.FoundNewReplicaSet,
        Messages.foundNewRS(rs.metadata.name!),
        ctx.now(),
      ),
    );
    ctx.updateRolloutStatus(status);
  }
}

/** scaleReplicaSetAndRecordEvent: returns whether the size changed. */
export function scaleReplicaSet(
  ctx: RolloutContext,
  rs: KubeObject,
  newScale: number,
): boolean {
  const replicas = rolloutReplicas(ctx.rollout);
  const annotationOk =
    rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION] === String(replicas);
  const sizeChanged = specReplicas(rs) !== newScale;
  if (!sizeChanged && annotationOk) return false;
  const copy = clone(rs);
  const oldScale = specReplicas(rs);
  copy.spec.replicas = newScale;
  copy.metadata.annotations = {
    ...copy.metadata.annotations,
    [DESIRED_REPLICAS_ANNOTATION]: String(replicas),
  };
  if (newScale === 0 && !shouldDelayScaleDownOnAbort(ctx)) {
    delete copy.metadata.annotations[SCALE_DOWN_DEADLINE_ANNOTATION];
  }
  ctx.replaceRS(
    ctx.cluster.update(REPLICASETS, ctx.namespace, copy.metadata.name!, copy),
  );
  if (sizeChanged) {
    ctx.event(
      'Normal',
      Reasons.ScalingReplicaSet,
      Messages.scaled(
        oldScale < newScale ? 'up' : 'down',
        rs.metadata.name!,
        revisionOf(rs),
        oldScale,
        newScale,
      ),
    );
  }
  return sizeChanged;
}

export function removeScaleDownDelay(
  ctx: RolloutContext,
  rs: KubeObject,
): void {
  if (!rs.metadata.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION]) return;
  const copy = clone(rs);
  delete copy.metadata.annotations![SCALE_DOWN_DEADLINE_ANNOTATION];
  ctx.deps.precise.delete(`${rs.metadata.uid}/scaleDown`);
  ctx.replaceRS(
    ctx.cluster.update(REPLICASETS, ctx.namespace, copy.metadata.name!, copy),
  );
}

export function addScaleDownDelay(
  ctx: RolloutContext,
  rs: KubeObject | undefined,
  seconds: number,
): void {
  if (!rs) return;
  if (seconds === 0) {
    removeScaleDownDelay(ctx, rs);
    return;
  }
  const deadline = ctx.now() + ctx.deps.clock.scaled(seconds);
  const copy = clone(rs);
  copy.metadata.annotations = {
    ...copy.metadata.annotations,
    [SCALE_DOWN_DEADLINE_ANNOTATION]: formatTime(deadline),
  };
  ctx.deps.precise.set(`${rs.metadata.uid}/scaleDown`, deadline);
  ctx.replaceRS(
    ctx.cluster.update(REPLICASETS, ctx.namespace, copy.metadata.name!, copy),
  );
  ctx.requeueAfter(ctx.deps.clock.scaled(seconds));
}

/** GetAbortScaleDownDelaySecondsOrDefault: undefined seconds means "never scale down". */
export function abortScaleDownDelay(rollout: KubeObject): {
  seconds: number | undefined;
  wasSet: boolean;
} {
  const strategy = rollout.spec.strategy ?? {};
  const applies = !!strategy.blueGreen || !!strategy.canary?.trafficRouting;
  if (!applies) return { seconds: 0, wasSet: false };
  const configured = strategy.blueGreen
    ? strategy.blueGreen.abortScaleDownDelaySeconds
    : strategy.canary.abortScaleDownDelaySeconds;
  if (configured === undefined) return { seconds: 30, wasSet: false };
  return { seconds: configured === 0 ? undefined : configured, wasSet: true };
}

/** GetScaleDownDelaySecondsOrDefault */
export function scaleDownDelaySeconds(rollout: KubeObject): number {
  const strategy = rollout.spec.strategy ?? {};
  if (strategy.blueGreen) return strategy.blueGreen.scaleDownDelaySeconds ?? 30;
  if (strategy.canary?.trafficRouting)
    return strategy.canary.scaleDownDelaySeconds ?? 30;
  return 0;
}

/** shouldDelayScaleDownOnAbort */
export function shouldDelayScaleDownOnAbort(ctx: RolloutContext): boolean {
  if (!ctx.pause.isAborted() || !ctx.stableRS) return false;
  const canary = ctx.rollout.spec.strategy.canary;
  if (canary && !canary.trafficRouting) return false;
  const delay = abortScaleDownDelay(ctx.rollout);
  if (delay.seconds === undefined) return false;
  if (canary?.dynamicStableScale && !delay.wasSet) return false;
  return true;
}

/** reconcileRevisionHistoryLimit: deletes scaled-down old ReplicaSets beyond the limit. */
export function reconcileRevisionHistoryLimit(
  ctx: RolloutContext,
  oldRSs: KubeObject[],
): void {
  const limit =
    ctx.rollout.spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
  const cleanable = oldRSs
    .filter(rs => !rs.metadata.deletionTimestamp)
    .sort(byCreation);
  const diff = cleanable.length - limit;
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if (
      statusReplicas(rs) !== 0 ||
      specReplicas(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)
    ) {
      continue;
    }
    ctx.cluster.delete(REPLICASETS, ctx.namespace, rs.metadata.name!);
    const hash = podHash(rs);
    for (const ar of ctx.otherArs.filter(
      a => a.metadata.labels?.[POD_HASH_LABEL] === hash,
    )) {
      try {
        ctx.cluster.delete(ANALYSISRUNS, ctx.namespace, ar.metadata.name!);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    }
  }
}
