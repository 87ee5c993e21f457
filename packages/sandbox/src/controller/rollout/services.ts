import { SERVICES } from '../../k8s/resources';
import { KubeObject } from '../../k8s/types';
import { MANAGED_BY_ANNOTATION, POD_HASH_LABEL } from './constants';
import { RolloutContext } from './context';
import {
  isReplicaSetAvailable,
  isReplicaSetPartiallyAvailable,
  podHash,
} from './replicaSets';

/** rollout/service.go: pointing Services at ReplicaSets via the pod-template-hash selector. */

export function serviceSelectorHash(svc: KubeObject | undefined): string {
  return svc?.spec?.selector?.[POD_HASH_LABEL] ?? '';
}

export function switchServiceSelector(
  ctx: RolloutContext,
  svc: KubeObject,
  hash: string,
): void {
  const old = serviceSelectorHash(svc);
  const managed = !!svc.metadata.annotations?.[MANAGED_BY_ANNOTATION];
  if (old === hash && managed) return;
  const patch: any = { spec: { selector: { [POD_HASH_LABEL]: hash } } };
  if (!managed) {
    patch.metadata = {
      annotations: { [MANAGED_BY_ANNOTATION]: ctx.rollout.metadata.name },
    };
  }
  ctx.cluster.patch(
    SERVICES,
    ctx.namespace,
    svc.metadata.name!,
    'strategic',
    patch,
  );
  ctx.event(
    'Normal',
    'SwitchService',
    `Switched selector for service '${svc.metadata.name}' from '${old}' to '${hash}'`,
  );
}

/** ensureSVCTargets */
export function ensureServiceTargets(
  ctx: RolloutContext,
  name: string | undefined,
  rs: KubeObject | undefined,
  checkAvailability: boolean,
): void {
  if (!rs || !name) return;
  const svc = ctx.cluster.peek(SERVICES, ctx.namespace, name);
  if (!svc) return;
  const desired = podHash(rs);
  if (serviceSelectorHash(svc) === desired) return;
  if (
    !svc.metadata.annotations?.[MANAGED_BY_ANNOTATION] &&
    checkAvailability &&
    !isReplicaSetAvailable(rs)
  ) {
    return;
  }
  if (checkAvailability && !isReplicaSetPartiallyAvailable(rs)) return;
  switchServiceSelector(ctx, svc, desired);
}

/** reconcileStableAndCanaryService */
export function reconcileStableAndCanaryService(ctx: RolloutContext): void {
  const canary = ctx.rollout.spec.strategy.canary;
  if (!canary) return;
  ensureServiceTargets(ctx, canary.stableService, ctx.stableRS, true);
  // Upstream only does this without traffic routing and lets the router code
  // point the canary Service back at stable afterwards, which flaps the
  // selector on every reconcile while an aborted canary is still up.
  if (ctx.pause.isAborted()) {
    ensureServiceTargets(ctx, canary.canaryService, ctx.stableRS, true);
    return;
  }
  ensureServiceTargets(ctx, canary.canaryService, ctx.newRS, true);
}

export function previewAndActiveServices(
  ctx: RolloutContext,
): [KubeObject | undefined, KubeObject | undefined] {
  const bg = ctx.rollout.spec.strategy.blueGreen;
  const preview = bg.previewService
    ? ctx.cluster.peek(SERVICES, ctx.namespace, bg.previewService)
    : undefined;
  const active = ctx.cluster.peek(SERVICES, ctx.namespace, bg.activeService);
  return [preview, active];
}
