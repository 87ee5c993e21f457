import { Cluster } from '../../k8s/cluster';
import {
  DEPLOYMENTS,
  REPLICASETS,
  ROLLOUTS,
  ResourceType,
} from '../../k8s/resources';
import { KubeObject, clone } from '../../k8s/types';

/**
 * `spec.workloadRef` (rollout/templateref.go): a Rollout that takes its pod
 * template, and its selector when it has none, from a Deployment or a
 * ReplicaSet. The template is resolved in memory on every reconciliation and
 * never written back into the Rollout; the referenced workload's generation is
 * kept in an annotation so that a change to it re-triggers the Rollout. The
 * workload itself is left alone: Argo Rollouts v1.5's `workloadRef` has no
 * `scaleDown` (the CRD schema the sandbox validates against rejects it).
 */

export const WORKLOAD_GENERATION_ANNOTATION =
  'rollout.argoproj.io/workload-generation';

/** templateref.go's infoByGroupKind, less PodTemplate (the sandbox serves no podtemplates). */
const KINDS: Record<string, ResourceType> = {
  'apps/Deployment': DEPLOYMENTS,
  'apps/ReplicaSet': REPLICASETS,
};

export interface ResolvedWorkload {
  template: any;
  /** Set when the Rollout has no selector of its own. */
  selector?: any;
  generation: string;
}

function groupKind(ref: any): [string, string] {
  const apiVersion = String(ref?.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return [group, String(ref?.kind ?? '')];
}

function isEmptyTemplate(template: any): boolean {
  return (
    !template ||
    (Object.keys(template.metadata ?? {}).length === 0 &&
      Object.keys(template.spec ?? {}).length === 0)
  );
}

/** Resolve(): the workload's template and selector, or the error the controller reports as InvalidSpec. */
export function resolveWorkloadRef(
  cluster: Cluster,
  rollout: KubeObject,
): { workload: ResolvedWorkload } | { error: string } {
  const ref = rollout.spec.workloadRef;
  if (!isEmptyTemplate(rollout.spec.template)) {
    return { error: 'template must be empty for workload reference rollout' };
  }
  const [group, kind] = groupKind(ref);
  const rt = KINDS[`${group}/${kind}`];
  if (!rt) {
    return {
      error:
        group === '' && kind === 'PodTemplate'
          ? 'workload of type /PodTemplate is not simulated by the portal sandbox'
          : `workload of type ${group}/${kind} is not supported`,
    };
  }
  const workload = cluster.peek(rt, rollout.metadata.namespace!, ref.name);
  if (!workload) {
    return { error: `${rt.plural}.${rt.group} "${ref.name}" not found` };
  }
  return {
    workload: {
      template: clone(workload.spec?.template ?? {}),
      selector: rollout.spec.selector
        ? undefined
        : clone(workload.spec?.selector),
      generation: String(workload.metadata.generation ?? 0),
    },
  };
}

/** The Rollout as the controller works on it: template (and selector) from the workload. */
export function withWorkload(
  rollout: KubeObject,
  workload: ResolvedWorkload,
): KubeObject {
  const resolved = clone(rollout);
  resolved.spec.template = clone(workload.template);
  if (workload.selector) resolved.spec.selector = clone(workload.selector);
  return resolved;
}

/** The Rollout as it is written back: without what was resolved. */
export function withoutWorkload(
  rollout: KubeObject,
  workload: ResolvedWorkload,
): KubeObject {
  const stored = clone(rollout);
  delete stored.spec.template;
  if (workload.selector) delete stored.spec.selector;
  return stored;
}

/** Rollouts in a namespace whose workloadRef names this workload. */
export function rolloutsReferencing(
  rollouts: KubeObject[],
  workload: KubeObject,
): KubeObject[] {
  return rollouts.filter(r => {
    const ref = r.spec?.workloadRef;
    if (!ref || ref.name !== workload.metadata.name) return false;
    return ref.kind === workload.kind && ref.apiVersion === workload.apiVersion;
  });
}

/**
 * updateRolloutsReferenceAnnotation: a change to a workload writes its
 * generation into the Rollouts referring to it (which re-triggers them), or
 * re-queues them when only its status changed or it was deleted.
 */
export function onWorkloadChange(
  cluster: Cluster,
  workload: KubeObject,
  deleted: boolean,
  requeue: (namespace: string, name: string) => void,
): void {
  const namespace = workload.metadata.namespace!;
  const generation = String(workload.metadata.generation ?? 0);
  for (const rollout of rolloutsReferencing(
    cluster.peekList(ROLLOUTS, namespace),
    workload,
  )) {
    const current =
      rollout.metadata.annotations?.[WORKLOAD_GENERATION_ANNOTATION];
    if (deleted || current === generation) {
      requeue(namespace, rollout.metadata.name!);
      continue;
    }
    cluster.patch(ROLLOUTS, namespace, rollout.metadata.name!, 'merge', {
      metadata: {
        annotations: { [WORKLOAD_GENERATION_ANNOTATION]: generation },
      },
    });
  }
}
