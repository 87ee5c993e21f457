import { Cluster } from '../k8s/cluster';
import { methodNotAllowed, notFound } from '../k8s/errors';
import { Requirement, matchesRequirements } from '../k8s/labels';
import { PODS, POD_METRICS } from '../k8s/resources';
import { KubeObject, formatTime } from '../k8s/types';
import { fnv32a } from '../util/hash';

/**
 * metrics.k8s.io PodMetrics, computed from running pods: a stable per-pod
 * baseline with a little movement over time. Values are plausible, not
 * derived from the traffic model.
 */
function usage(pod: KubeObject, container: string, now: number) {
  const seed = fnv32a(`${pod.metadata.uid}/${container}`);
  const wave = 1 + 0.15 * Math.sin(now / 20000 + (seed % 100));
  const cpuMilli = Math.round((5 + (seed % 60)) * wave);
  const memKi = Math.round(
    (48 + ((seed >>> 8) % 96)) * 1024 * (1 + (wave - 1) / 5),
  );
  return { cpu: `${cpuMilli * 1000000}n`, memory: `${memKi}Ki` };
}

function podMetrics(pod: KubeObject, now: number): object {
  return {
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      labels: pod.metadata.labels,
      creationTimestamp: formatTime(now),
    },
    timestamp: formatTime(now - 10000),
    window: '15s',
    containers: (pod.spec?.containers ?? []).map((c: any) => ({
      name: c.name,
      usage: usage(pod, c.name, now),
    })),
  };
}

const running = (p: KubeObject) =>
  p.status?.phase === 'Running' && !p.metadata.deletionTimestamp;

export function servePodMetrics(
  cluster: Cluster,
  verb: string,
  namespace: string | undefined,
  name: string | undefined,
  labelSelector: Requirement[],
  now: number,
): object {
  if (verb === 'get') {
    const pod = cluster.peek(PODS, namespace ?? '', name ?? '');
    if (!pod || !running(pod)) throw notFound(POD_METRICS, name ?? '');
    return {
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      ...podMetrics(pod, now),
    };
  }
  if (verb !== 'list') throw methodNotAllowed();
  const items = cluster
    .peekList(PODS, namespace)
    .filter(running)
    .filter(p => matchesRequirements(labelSelector, p.metadata.labels))
    .map(p => podMetrics(p, now));
  return JSON.parse(
    JSON.stringify({
      kind: 'PodMetricsList',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {},
      items,
    }),
  );
}
