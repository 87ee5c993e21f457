import { Cluster } from '../k8s/cluster';
import { ApiError } from '../k8s/errors';
import { NAMESPACES, findResourceByKind, resourceKey } from '../k8s/resources';
import { KubeObject } from '../k8s/types';

/** The field manager `kubectl apply --server-side` writes with. */
export const FIELD_MANAGER = 'kubectl';

const WORKLOAD_KINDS = new Set([
  'Rollout',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
]);

/** Namespaces first and workloads last, so what a workload refers to exists when its controller first looks. */
function applyOrder(obj: KubeObject): number {
  if (obj.kind === 'Namespace') return 0;
  return WORKLOAD_KINDS.has(obj.kind) ? 2 : 1;
}

export interface ApplyOutcome {
  /** kubectl-style lines: `rollout.argoproj.io/web serverside-applied`. */
  lines: string[];
  applied: KubeObject[];
  /** Kinds the sandbox does not serve; a real cluster might know them. */
  skipped: string[];
}

/**
 * `kubectl apply --server-side` of rendered manifests into a sandbox
 * cluster, through the same API semantics the HTTP server uses
 * (server-side apply, defaulting, validation, watch events), so the
 * controllers react as to any other client. Objects without a namespace
 * go to `default`; a missing namespace is created first (in the golden path
 * it comes from Terraform, which the sandbox does not run).
 */
export function applyManifests(
  cluster: Cluster,
  objects: KubeObject[],
): ApplyOutcome {
  const outcome: ApplyOutcome = { lines: [], applied: [], skipped: [] };
  const sorted = [...objects].sort((a, b) => applyOrder(a) - applyOrder(b));
  for (const obj of sorted) {
    const rt = findResourceByKind(obj.apiVersion, obj.kind);
    const name = obj.metadata?.name;
    if (!rt) {
      outcome.skipped.push(`${obj.apiVersion} ${obj.kind} ${name}`);
      continue;
    }
    if (!name) throw new Error(`${obj.kind} without metadata.name`);
    const namespace = rt.namespaced ? obj.metadata.namespace ?? 'default' : '';
    if (rt.namespaced && !cluster.peek(NAMESPACES, '', namespace)) {
      cluster.create(NAMESPACES, '', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      });
      outcome.lines.push(`namespace/${namespace} created`);
    }
    try {
      const applied = cluster.patch(rt, namespace, name, 'apply', obj, {
        fieldManager: FIELD_MANAGER,
        force: true,
      });
      outcome.applied.push(applied);
    } catch (e) {
      if (e instanceof ApiError) {
        throw new Error(`applying ${resourceKey(rt)}/${name}: ${e.message}`);
      }
      throw e;
    }
    const group = rt.group ? `.${rt.group}` : '';
    outcome.lines.push(`${rt.singular}${group}/${name} serverside-applied`);
  }
  return outcome;
}
