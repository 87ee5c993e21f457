import { Cluster } from '../k8s/cluster';
import { INGRESSES, SERVICES, TRAFFICSPLITS } from '../k8s/resources';
import { KubeObject } from '../k8s/types';
import {
  annotationPrefix,
  canaryIngressName,
  stableIngressNames,
} from '../controller/rollout/nginxTrafficRouter';
import { trafficSplitName } from '../controller/rollout/smiTrafficRouter';

const HASH_LABEL = 'rollouts-pod-template-hash';

/**
 * The share of a traffic-routed canary's user traffic each pod template hash
 * receives, read from what the router itself reads — the canary Ingress's
 * `canary-weight` for NGINX, the TrafficSplit's backends for SMI — and the
 * Services' selectors, as a proxy would: a weight the controller recorded in
 * the Rollout's status but never wrote to the router moves no request.
 * Undefined when the Rollout has no router the sandbox models.
 */
export function routerShares(
  cluster: Cluster,
  rollout: KubeObject,
): Map<string, number> | undefined {
  const canary = rollout.spec?.strategy?.canary;
  const routing = canary?.trafficRouting;
  if (!routing || (!routing.nginx && !routing.smi)) return undefined;
  const ns = rollout.metadata.namespace!;
  const hashOf = (service: string | undefined) =>
    service
      ? cluster.peek(SERVICES, ns, service)?.spec?.selector?.[HASH_LABEL]
      : undefined;
  // Each backend's share; two backends on one revision add up.
  const backends: Array<[string | undefined, number]> = [];
  if (routing.nginx) {
    // Requests reach the stable Ingress's first rule set; its canary twin takes its weight.
    const stableName = stableIngressNames(rollout)[0];
    const ingress = cluster.peek(
      INGRESSES,
      ns,
      canaryIngressName(rollout.metadata.name!, stableName),
    );
    const prefix = annotationPrefix(rollout);
    const annotations = ingress?.metadata.annotations ?? {};
    let share = 0;
    if (annotations[`${prefix}/canary`] === 'true') {
      const weight = Number(annotations[`${prefix}/canary-weight`] ?? 0);
      const total = Number(annotations[`${prefix}/canary-weight-total`] ?? 100);
      share = total > 0 ? Math.min(Math.max(weight / total, 0), 1) : 0;
    }
    backends.push(
      [hashOf(canary.canaryService), share],
      [hashOf(canary.stableService), 1 - share],
    );
  } else {
    const split = cluster.peek(TRAFFICSPLITS, ns, trafficSplitName(rollout));
    const splitBackends: any[] = split?.spec?.backends ?? [];
    const total = splitBackends.reduce((n, b) => n + Number(b.weight ?? 0), 0);
    if (!split || total <= 0) {
      // Without a split, the mesh sends everything to the root (stable) service.
      backends.push([hashOf(canary.stableService), 1]);
    } else {
      for (const b of splitBackends) {
        backends.push([hashOf(b.service), Number(b.weight) / total]);
      }
    }
  }
  const out = new Map<string, number>();
  for (const [hash, share] of backends) {
    if (hash && share > 0) out.set(hash, (out.get(hash) ?? 0) + share);
  }
  return out;
}
