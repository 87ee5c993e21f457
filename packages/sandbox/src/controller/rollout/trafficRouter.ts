import { isDeepStrictEqual } from 'node:util';

/**
 * rollout/trafficrouting.TrafficRoutingReconciler, reduced to what the
 * routers the sandbox models do: nginx and SMI implement SetWeight only
 * (their UpdateHash, SetHeaderRoute, SetMirrorRoute, RemoveManagedRoutes and
 * VerifyWeight are no-ops upstream too). `setWeight` throws with upstream's
 * error message when the router's objects cannot be brought to the weight.
 */
export interface TrafficRouter {
  readonly type: string;
  setWeight(desiredWeight: number): void;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON merge patch taking `current` to `desired` (what
 * diff.CreateTwoWayMergePatch yields for these untyped objects: removed keys
 * become null, lists are replaced whole), or undefined when they are equal.
 * Written here because the patch libraries at hand apply merge patches but do
 * not compute them.
 */
export function twoWayMergePatch(
  current: Record<string, unknown>,
  desired: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(current)) {
    if (!(key in desired) || desired[key] === undefined) patch[key] = null;
  }
  for (const [key, value] of Object.entries(desired)) {
    if (value === undefined) continue;
    const before = current[key];
    if (isObject(before) && isObject(value)) {
      const inner = twoWayMergePatch(before, value);
      if (inner) patch[key] = inner;
    } else if (!isDeepStrictEqual(before, value)) {
      patch[key] = value;
    }
  }
  return Object.keys(patch).length ? patch : undefined;
}
