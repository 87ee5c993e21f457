import { Cluster } from '../k8s/cluster';
import { DEPLOYMENTS, REPLICASETS } from '../k8s/resources';
import { KubeObject, clone, formatTime } from '../k8s/types';
import { deepEqual } from '../util/json';
import { Clock } from '../util/clock';
import { computePodTemplateHash } from '../util/hash';
import { controllerOf, controllerRef } from './owners';

const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';

/**
 * A simplified Deployment controller: one ReplicaSet per template (labelled
 * `pod-template-hash`), the new one scaled to the desired count and older
 * ones scaled to zero once it is available. Rolling-update pacing
 * (maxSurge/maxUnavailable) is not modelled.
 */
export class DeploymentController {
  constructor(
    private readonly cluster: Cluster,
    private readonly clock: Clock,
  ) {}

  reconcile = (namespace: string, name: string): void => {
    const deployment = this.cluster.peek(DEPLOYMENTS, namespace, name);
    if (!deployment || deployment.metadata.deletionTimestamp) return;
    const owned = this.cluster
      .peekList(REPLICASETS, namespace)
      .filter(rs => controllerOf(rs)?.uid === deployment.metadata.uid);
    const hash = computePodTemplateHash(
      deployment.spec?.template,
      deployment.status?.collisionCount,
      HASH_LABEL,
    );
    let newRS = owned.find(rs => rs.metadata.labels?.[HASH_LABEL] === hash);
    const maxRevision = owned.reduce(
      (n, rs) => Math.max(n, Number(rs.metadata.annotations?.[REVISION] ?? 0)),
      0,
    );
    const replicas = deployment.spec?.paused
      ? undefined
      : deployment.spec?.replicas ?? 1;
    if (!newRS) {
      const template = clone(deployment.spec.template);
      template.metadata = {
        ...template.metadata,
        labels: { ...template.metadata?.labels, [HASH_LABEL]: hash },
      };
      newRS = this.cluster.create(REPLICASETS, namespace, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`,
          namespace,
          labels: template.metadata.labels,
          annotations: { [REVISION]: String(maxRevision + 1) },
          ownerReferences: [controllerRef(deployment)],
        },
        spec: {
          replicas: 0,
          selector: {
            ...deployment.spec.selector,
            matchLabels: {
              ...deployment.spec.selector?.matchLabels,
              [HASH_LABEL]: hash,
            },
          },
          template,
        },
      });
    }
    if (replicas !== undefined) {
      this.scale(newRS, replicas);
      if ((newRS.status?.availableReplicas ?? 0) >= replicas) {
        for (const rs of owned) {
          if (rs.metadata.name !== newRS.metadata.name) this.scale(rs, 0);
        }
      }
    }
    this.updateStatus(deployment, namespace);
  };

  private scale(rs: KubeObject, replicas: number): void {
    if ((rs.spec?.replicas ?? 0) === replicas) return;
    const copy = clone(
      this.cluster.peek(
        REPLICASETS,
        rs.metadata.namespace!,
        rs.metadata.name!,
      )!,
    );
    copy.spec.replicas = replicas;
    this.cluster.update(
      REPLICASETS,
      copy.metadata.namespace!,
      copy.metadata.name!,
      copy,
    );
  }

  private updateStatus(deployment: KubeObject, namespace: string): void {
    const owned = this.cluster
      .peekList(REPLICASETS, namespace)
      .filter(rs => controllerOf(rs)?.uid === deployment.metadata.uid);
    const hash = computePodTemplateHash(
      deployment.spec?.template,
      deployment.status?.collisionCount,
      HASH_LABEL,
    );
    const newRS = owned.find(rs => rs.metadata.labels?.[HASH_LABEL] === hash);
    const sum = (f: (rs: KubeObject) => number) =>
      owned.reduce((n, rs) => n + f(rs), 0);
    const desired = deployment.spec?.replicas ?? 1;
    const available = sum(rs => rs.status?.availableReplicas ?? 0);
    const updated = newRS?.status?.replicas ?? 0;
    const now = formatTime(this.clock.now());
    const prev = deployment.status?.conditions ?? [];
    const condition = (
      type: string,
      status: string,
      reason: string,
      message: string,
    ) => {
      const old = prev.find((c: any) => c.type === type);
      const same = old && old.status === status && old.reason === reason;
      return {
        type,
        status,
        lastUpdateTime: same ? old.lastUpdateTime : now,
        lastTransitionTime:
          old?.status === status ? old.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const complete =
      updated === desired &&
      available >= desired &&
      sum(rs => rs.status?.replicas ?? 0) === desired;
    const status = JSON.parse(
      JSON.stringify({
        observedGeneration: deployment.metadata.generation,
        replicas: sum(rs => rs.status?.replicas ?? 0) || undefined,
        updatedReplicas: updated || undefined,
        readyReplicas: sum(rs => rs.status?.readyReplicas ?? 0) || undefined,
        availableReplicas: available || undefined,
        unavailableReplicas: Math.max(0, desired - available) || undefined,
        conditions: [
          available >= desired
            ? condition(
                'Available',
                'True',
                'MinimumReplicasAvailable',
                'Deployment has minimum availability.',
              )
            : condition(
                'Available',
                'False',
                'MinimumReplicasUnavailable',
                'Deployment does not have minimum availability.',
              ),
          complete
            ? condition(
                'Progressing',
                'True',
                'NewReplicaSetAvailable',
                `ReplicaSet "${newRS?.metadata.name}" has successfully progressed.`,
              )
            : condition(
                'Progressing',
                'True',
                'ReplicaSetUpdated',
                `ReplicaSet "${newRS?.metadata.name}" is progressing.`,
              ),
        ],
      }),
    );
    if (!deepEqual(status, deployment.status ?? {})) {
      const copy = clone(deployment);
      copy.status = status;
      this.cluster.update(DEPLOYMENTS, namespace, copy.metadata.name!, copy, {
        subresource: 'status',
      });
    }
  }
}
