import { Cluster, PatchType } from '../k8s/cluster';
import { ApiError } from '../k8s/errors';
import { formatLabelSelector } from '../k8s/labels';
import { applyJsonPatch } from '../k8s/patch/jsonPatch';
import { ResourceType } from '../k8s/resources';
import { KubeObject, clone } from '../k8s/types';

function at(obj: any, path: string): any {
  return path
    .split('.')
    .filter(p => p)
    .reduce((cur, part) => cur?.[part], obj);
}

/** The autoscaling/v1 Scale view of an object with a /scale subresource. */
export function scaleOf(rt: ResourceType, obj: KubeObject): object {
  const paths = rt.scaleSubresource!;
  const selector = paths.labelSelectorPath
    ? at(obj, paths.labelSelectorPath)
    : undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: at(obj, paths.specReplicasPath) ?? 0 },
    status: {
      replicas: at(obj, paths.statusReplicasPath) ?? 0,
      selector:
        typeof selector === 'string'
          ? selector
          : formatLabelSelector(obj.spec?.selector),
    },
  };
}

/** The object with spec.replicas taken from a Scale written to /scale. */
export function objectWithScale(
  cluster: Cluster,
  rt: ResourceType,
  ns: string,
  name: string,
  scale: any,
): KubeObject {
  const obj = cluster.get(rt, ns, name);
  const replicas = scale?.spec?.replicas;
  if (typeof replicas !== 'number' || replicas < 0) {
    throw new ApiError(
      422,
      'Invalid',
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(
        replicas,
      )}: must be greater than or equal to 0`,
    );
  }
  if (scale?.metadata?.resourceVersion) {
    // A stale Scale resourceVersion fails the update with 409, as upstream.
    obj.metadata.resourceVersion = scale.metadata.resourceVersion;
  }
  obj.spec = { ...obj.spec, replicas };
  return obj;
}

export function applyScalePatch(
  type: PatchType,
  current: any,
  patch: any,
): any {
  if (type === 'json') return applyJsonPatch(current, patch);
  const next = clone(current);
  if (patch?.spec?.replicas !== undefined)
    next.spec = { ...next.spec, replicas: patch.spec.replicas };
  return next;
}
