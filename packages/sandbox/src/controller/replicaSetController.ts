import { Cluster } from '../k8s/cluster';
import { PODS, REPLICASETS } from '../k8s/resources';
import { KubeObject, clone, formatTime, parseTime } from '../k8s/types';
import { deepEqual } from '../util/json';
import { Clock } from '../util/clock';
import { EventRecorder } from './events';
import { controllerOf, controllerRef } from './owners';
import { WorkQueue } from './workQueue';

const NODES = ['sandbox-node-1', 'sandbox-node-2', 'sandbox-node-3'];
const POD_NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++)
    s += POD_NAME_CHARS[Math.floor(Math.random() * POD_NAME_CHARS.length)];
  return s;
}

function isReady(pod: KubeObject): boolean {
  return (
    pod.status?.conditions?.some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
}

/**
 * The ReplicaSet controller plus what scheduler and kubelet would do: keeps
 * `spec.replicas` pods per ReplicaSet, places them on fake nodes, and turns
 * them Running/Ready after a (speed-scaled) start-up delay.
 */
export class ReplicaSetController {
  /** Precise creation times; object timestamps only have second resolution. */
  private readonly startedAt = new Map<string, number>();
  private podIp = 0;
  private node = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly clock: Clock,
    private readonly queue: WorkQueue,
    private readonly podStartupSeconds: number,
    private readonly recorder?: EventRecorder,
  ) {}

  reconcile = (namespace: string, name: string): void => {
    const rs = this.cluster.peek(REPLICASETS, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const owned = this.cluster
      .peekList(PODS, namespace)
      .filter(p => controllerOf(p)?.uid === rs.metadata.uid);
    let active = owned.filter(p => !p.metadata.deletionTimestamp);

    for (const pod of active) {
      if (pod.status?.phase === 'Pending') this.progressPod(rs, pod);
    }

    const desired = rs.spec?.replicas ?? 1;
    if (active.length < desired) {
      for (let i = active.length; i < desired; i++) this.createPod(rs);
    } else if (active.length > desired) {
      // Like the upstream ranking: unready before ready, newest before oldest.
      const victims = [...active]
        .sort((a, b) => {
          const ready = Number(isReady(a)) - Number(isReady(b));
          if (ready !== 0) return ready;
          return (
            (parseTime(b.metadata.creationTimestamp) ?? 0) -
            (parseTime(a.metadata.creationTimestamp) ?? 0)
          );
        })
        .slice(0, active.length - desired);
      for (const pod of victims) {
        this.cluster.delete(PODS, namespace, pod.metadata.name!);
        this.startedAt.delete(pod.metadata.uid!);
        this.recorder?.record(
          rs,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${pod.metadata.name}`,
          'replicaset-controller',
        );
      }
    }

    active = this.cluster
      .peekList(PODS, namespace)
      .filter(
        p =>
          controllerOf(p)?.uid === rs.metadata.uid &&
          !p.metadata.deletionTimestamp,
      );
    this.updateStatus(rs, active);
  };

  private createPod(rs: KubeObject): void {
    const template = clone(rs.spec?.template ?? {});
    const node = NODES[this.node++ % NODES.length];
    const created = this.cluster.create(PODS, rs.metadata.namespace!, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${rs.metadata.name}-${suffix()}`,
        namespace: rs.metadata.namespace,
        labels: template.metadata?.labels,
        annotations: template.metadata?.annotations,
        ownerReferences: [controllerRef(rs)],
      },
      spec: { ...template.spec, nodeName: node },
    });
    const now = this.clock.now();
    this.startedAt.set(created.metadata.uid!, now);
    this.recorder?.record(
      rs,
      'Normal',
      'SuccessfulCreate',
      `Created pod: ${created.metadata.name}`,
      'replicaset-controller',
    );
    this.recorder?.record(
      created,
      'Normal',
      'Scheduled',
      `Successfully assigned ${created.metadata.namespace}/${created.metadata.name} to ${node}`,
      'default-scheduler',
    );
    const pod = clone(created);
    pod.status = {
      phase: 'Pending',
      hostIP: `192.168.49.${NODES.indexOf(node) + 2}`,
      conditions: [
        {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: formatTime(now),
        },
      ],
      containerStatuses: (pod.spec.containers ?? []).map((c: any) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
      })),
      qosClass: 'BestEffort',
    };
    this.cluster.update(
      PODS,
      pod.metadata.namespace!,
      pod.metadata.name!,
      pod,
      { subresource: 'status' },
    );
    this.queue.addAfter(
      'replicaset',
      rs.metadata.namespace!,
      rs.metadata.name!,
      this.clock.mechanical(this.podStartupSeconds),
    );
  }

  /** kubelet: a pending pod becomes Running and Ready once its start-up delay passed. */
  private progressPod(rs: KubeObject, pod: KubeObject): void {
    const started =
      this.startedAt.get(pod.metadata.uid!) ??
      parseTime(pod.metadata.creationTimestamp) ??
      0;
    const readyAt = started + this.clock.mechanical(this.podStartupSeconds);
    const now = this.clock.now();
    if (now < readyAt) {
      this.queue.addAfter(
        'replicaset',
        rs.metadata.namespace!,
        rs.metadata.name!,
        readyAt - now,
      );
      return;
    }
    const ts = formatTime(now);
    const updated = clone(pod);
    const ip = this.podIp++;
    updated.status = {
      ...updated.status,
      phase: 'Running',
      podIP: `10.244.${Math.floor(ip / 250) % 250}.${(ip % 250) + 2}`,
      podIPs: undefined,
      startTime: formatTime(started),
      conditions: [
        'PodReadyToStartContainers',
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ].map(type => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: ts,
      })),
      containerStatuses: (updated.spec.containers ?? []).map((c: any) => ({
        name: c.name,
        image: c.image,
        imageID: `${c.image}@sha256:${'0'.repeat(64)}`,
        containerID: `containerd://${pod.metadata.uid!.replace(/-/g, '')}`,
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: ts } },
      })),
    };
    updated.status.podIPs = [{ ip: updated.status.podIP }];
    this.cluster.update(
      PODS,
      pod.metadata.namespace!,
      pod.metadata.name!,
      updated,
      { subresource: 'status' },
    );
    for (const c of updated.spec.containers ?? []) {
      this.recorder?.record(
        pod,
        'Normal',
        'Pulled',
        `Container image "${c.image}" already present on machine`,
        'kubelet',
      );
      this.recorder?.record(
        pod,
        'Normal',
        'Created',
        `Created container: ${c.name}`,
        'kubelet',
      );
      this.recorder?.record(
        pod,
        'Normal',
        'Started',
        `Started container ${c.name}`,
        'kubelet',
      );
    }
  }

  private updateStatus(rs: KubeObject, active: KubeObject[]): void {
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const now = this.clock.now();
    const ready = active.filter(isReady);
    const available = ready.filter(p => {
      if (minReady <= 0) return true;
      const since =
        parseTime(
          p.status?.conditions?.find((c: any) => c.type === 'Ready')
            ?.lastTransitionTime,
        ) ?? now;
      const at = since + this.clock.mechanical(minReady);
      if (at > now)
        this.queue.addAfter(
          'replicaset',
          rs.metadata.namespace!,
          rs.metadata.name!,
          at - now,
        );
      return at <= now;
    });
    const labels = rs.spec?.template?.metadata?.labels ?? {};
    const status = {
      replicas: active.length,
      fullyLabeledReplicas: active.filter(p =>
        Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v),
      ).length,
      readyReplicas: ready.length,
      availableReplicas: available.length,
      observedGeneration: rs.metadata.generation,
    };
    const pruned = JSON.parse(
      JSON.stringify(status, (_k, v) =>
        v === 0 && _k !== 'replicas' ? undefined : v,
      ),
    );
    if (!deepEqual(pruned, rs.status ?? {})) {
      const updated = clone(rs);
      updated.status = pruned;
      this.cluster.update(
        REPLICASETS,
        rs.metadata.namespace!,
        rs.metadata.name!,
        updated,
        { subresource: 'status' },
      );
    }
  }
}
