import { ROLLOUTS } from '../../k8s/resources';
import { createMergePatch } from '../../k8s/patch/mergePatch';
import { deepEqual } from '../../util/json';
import { RolloutContext } from './context';

/** Writes `status` if it differs, as a merge patch on the status subresource like upstream. */
export function patchStatus(ctx: RolloutContext, status: any): boolean {
  const next = JSON.parse(JSON.stringify(status));
  const prev = ctx.rollout.status ?? {};
  if (deepEqual(prev, next)) return false;
  const patch = createMergePatch(prev, next);
  ctx.rollout = ctx.cluster.patch(
    ROLLOUTS,
    ctx.namespace,
    ctx.rollout.metadata.name!,
    'merge',
    { status: patch },
    { subresource: 'status' },
  );
  return true;
}
