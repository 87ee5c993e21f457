import { Clock } from '../util/clock';
import { Cluster } from './cluster';
import { ApiError } from './errors';
import { ALL_RESOURCES, NAMESPACES, PODS, ResourceType } from './resources';
import { KubeObject, clone } from './types';

/** Seconds (simulated) a deleted pod stays Terminating before it is gone. */
const POD_TERMINATION_SECONDS = 2;

/**
 * What kube-controller-manager's garbage collector, the namespace controller
 * and the kubelet do after a DELETE: remove dependents (ownerReferences),
 * empty terminating namespaces, and remove gracefully deleted pods.
 * All of it runs asynchronously, as on a real cluster.
 */
export class GarbageCollector {
  constructor(
    private readonly cluster: Cluster,
    private readonly clock: Clock,
  ) {
    cluster.onDeleted = (rt, obj, policy) => this.handle(rt, obj, policy);
  }

  private handle(rt: ResourceType, obj: KubeObject, policy: string): void {
    const stillStored = !!this.cluster.peek(
      rt,
      obj.metadata.namespace ?? '',
      obj.metadata.name!,
    );
    if (rt === NAMESPACES && stillStored) {
      this.clock.setTimer(() => this.purgeNamespace(obj.metadata.name!), 0);
      return;
    }
    if (rt === PODS && stillStored) {
      const grace = Math.min(
        obj.metadata.deletionGracePeriodSeconds ?? 30,
        POD_TERMINATION_SECONDS,
      );
      this.clock.setTimer(
        () => this.finishPod(obj),
        this.clock.mechanical(grace),
      );
      return;
    }
    if (stillStored) {
      return;
    }
    this.clock.setTimer(() => this.collectDependents(obj, policy), 0);
  }

  private finishPod(pod: KubeObject): void {
    const current = this.cluster.peek(
      PODS,
      pod.metadata.namespace!,
      pod.metadata.name!,
    );
    if (
      current &&
      current.metadata.uid === pod.metadata.uid &&
      !current.metadata.finalizers?.length
    ) {
      this.cluster.removeNow(PODS, current);
    }
  }

  private dependentsOf(
    owner: KubeObject,
  ): Array<{ rt: ResourceType; obj: KubeObject }> {
    const uid = owner.metadata.uid;
    const out: Array<{ rt: ResourceType; obj: KubeObject }> = [];
    for (const rt of ALL_RESOURCES) {
      // Dependents live in the owner's namespace (or anywhere for cluster-scoped owners).
      const candidates =
        rt.namespaced && owner.metadata.namespace
          ? this.cluster.peekList(rt, owner.metadata.namespace)
          : this.cluster.peekList(rt);
      for (const obj of candidates) {
        if (obj.metadata.ownerReferences?.some(ref => ref.uid === uid)) {
          out.push({ rt, obj });
        }
      }
    }
    return out;
  }

  private collectDependents(owner: KubeObject, policy: string): void {
    for (const { rt, obj } of this.dependentsOf(owner)) {
      try {
        if (policy === 'Orphan') {
          const updated = clone(obj);
          updated.metadata.ownerReferences =
            updated.metadata.ownerReferences?.filter(
              ref => ref.uid !== owner.metadata.uid,
            );
          if (!updated.metadata.ownerReferences?.length) {
            delete updated.metadata.ownerReferences;
          }
          this.cluster.update(
            rt,
            obj.metadata.namespace ?? '',
            obj.metadata.name!,
            updated,
          );
        } else {
          this.cluster.delete(
            rt,
            obj.metadata.namespace ?? '',
            obj.metadata.name!,
            {
              propagationPolicy: 'Background',
            },
          );
        }
      } catch (e) {
        // A concurrent delete or update won the race; the next event retries.
        if (!(e instanceof ApiError)) {
          throw e;
        }
      }
    }
  }

  private purgeNamespace(namespace: string): void {
    for (const rt of ALL_RESOURCES) {
      if (!rt.namespaced) {
        continue;
      }
      for (const obj of this.cluster.peekList(rt, namespace)) {
        this.cluster.removeNow(rt, obj, 'Background');
      }
    }
    const ns = this.cluster.peek(NAMESPACES, '', namespace);
    if (ns) {
      this.cluster.removeNow(NAMESPACES, ns);
    }
  }
}
