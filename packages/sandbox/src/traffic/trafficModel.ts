import { Cluster } from '../k8s/cluster';
import { PODS, REPLICASETS, ROLLOUTS } from '../k8s/resources';
import { KubeObject, formatTime, parseTime } from '../k8s/types';
import { Clock } from '../util/clock';
import { fnv32a } from '../util/hash';
import { routerShares } from './routerShares';
import { LatencyMs, PROFILES, TrafficProfile, profileAt } from './profiles';

/** A Ready pod of a revision: what Prometheus' pod discovery would see of it. */
export interface ServingPod {
  name: string;
  node?: string;
  labels: Record<string, string>;
}

/** What one revision of one service is doing right now. */
export interface TrafficSeries {
  cluster: string;
  namespace: string;
  service: string;
  rollout: string;
  revision: string;
  podTemplateHash: string;
  image?: string;
  profile: string;
  /** Share of the service's user traffic routed to this revision (0..1). */
  share: number;
  /** True for a blue/green preview, which only gets synthetic test traffic. */
  preview: boolean;
  requestRate: number;
  errorRatio: number;
  latencyMs: LatencyMs;
  /** The revision's Ready pods, which share its requests evenly. */
  pods: ServingPod[];
}

export interface TrafficSnapshot {
  cluster: string;
  timestamp: string;
  series: TrafficSeries[];
}

const DEFAULT_BASELINE_RPS = 20;
/** Synthetic smoke-test traffic a blue/green preview gets, as a fraction of the baseline. */
const PREVIEW_TRAFFIC = 0.05;

function jitter(key: string, now: number, amplitude: number): number {
  const bucket = Math.floor(now / 5000);
  const h = fnv32a(`${key}|${bucket}`) / 0xffffffff;
  return 1 + amplitude * (h * 2 - 1);
}

function round(value: number, digits = 6): number {
  return Number(value.toPrecision(digits));
}

function isReady(pod: KubeObject): boolean {
  return (
    !pod.metadata.deletionTimestamp &&
    (pod.status?.conditions ?? []).some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    )
  );
}

/** The Ready pods a ReplicaSet owns: the endpoints its traffic reaches. */
function servingPods(rs: KubeObject, pods: KubeObject[]): ServingPod[] {
  return pods
    .filter(
      pod =>
        pod.metadata.ownerReferences?.some(r => r.uid === rs.metadata.uid) &&
        isReady(pod),
    )
    .map(pod => ({
      name: pod.metadata.name!,
      node: pod.spec?.nodeName,
      labels: { ...(pod.metadata.labels ?? {}) },
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Simulated request traffic per cluster, derived from live Rollout state:
 * the router's objects (canary with traffic routing), ready replicas (basic
 * canary) or the active selector (blue/green), combined with the profile of
 * each revision.
 */
export class TrafficModel {
  private readonly profiles = new Map<
    string,
    { profile: TrafficProfile; since: number }
  >();
  private readonly baselines = new Map<string, number>();

  constructor(
    private readonly clusters: Map<string, Cluster>,
    private readonly clock: Clock,
  ) {}

  /** Profile of a revision, identified by its pod template hash. */
  setProfile(
    cluster: string,
    namespace: string,
    rollout: string,
    hash: string,
    profile: TrafficProfile,
  ): void {
    this.profiles.set(`${cluster}/${namespace}/${rollout}/${hash}`, {
      profile,
      since: this.clock.now(),
    });
  }

  setBaseline(
    cluster: string,
    namespace: string,
    rollout: string,
    rps: number,
  ): void {
    this.baselines.set(`${cluster}/${namespace}/${rollout}`, rps);
  }

  snapshot(clusterName: string): TrafficSnapshot {
    const cluster = this.clusters.get(clusterName);
    if (!cluster) throw new Error(`unknown cluster "${clusterName}"`);
    const now = this.clock.now();
    const series: TrafficSeries[] = [];
    const rsByNamespace = new Map<string, KubeObject[]>();
    const podsByNamespace = new Map<string, KubeObject[]>();
    for (const rollout of cluster.peekList(ROLLOUTS)) {
      const ns = rollout.metadata.namespace!;
      if (!rsByNamespace.has(ns)) {
        rsByNamespace.set(ns, cluster.peekList(REPLICASETS, ns));
        podsByNamespace.set(ns, cluster.peekList(PODS, ns));
      }
      const owned = rsByNamespace
        .get(ns)!
        .filter(rs =>
          rs.metadata.ownerReferences?.some(
            r => r.uid === rollout.metadata.uid,
          ),
        );
      series.push(
        ...this.rolloutSeries(
          clusterName,
          cluster,
          rollout,
          owned,
          podsByNamespace.get(ns)!,
          now,
        ),
      );
    }
    return { cluster: clusterName, timestamp: formatTime(now), series };
  }

  private shares(
    cluster: Cluster,
    rollout: KubeObject,
    rss: KubeObject[],
  ): Map<string, { share: number; preview: boolean }> {
    const hashOf = (rs: KubeObject) =>
      rs.metadata.labels?.['rollouts-pod-template-hash'] ?? '';
    const out = new Map<string, { share: number; preview: boolean }>();
    const status = rollout.status ?? {};
    const bg = rollout.spec?.strategy?.blueGreen;
    if (bg && status.blueGreen?.activeSelector) {
      out.set(status.blueGreen.activeSelector, { share: 1, preview: false });
      const preview = status.blueGreen.previewSelector;
      if (preview && preview !== status.blueGreen.activeSelector)
        out.set(preview, { share: PREVIEW_TRAFFIC, preview: true });
      return out;
    }
    const routed = routerShares(cluster, rollout);
    if (routed) {
      for (const [hash, share] of routed)
        out.set(hash, { share, preview: false });
      return out;
    }
    const available = rss.reduce(
      (n, rs) => n + (rs.status?.availableReplicas ?? 0),
      0,
    );
    for (const rs of rss) {
      const a = rs.status?.availableReplicas ?? 0;
      if (a > 0) out.set(hashOf(rs), { share: a / available, preview: false });
    }
    return out;
  }

  private rolloutSeries(
    clusterName: string,
    cluster: Cluster,
    rollout: KubeObject,
    rss: KubeObject[],
    pods: KubeObject[],
    now: number,
  ): TrafficSeries[] {
    const ns = rollout.metadata.namespace!;
    const name = rollout.metadata.name!;
    const service = rollout.metadata.labels?.['app.kubernetes.io/name'] ?? name;
    const baseline =
      this.baselines.get(`${clusterName}/${ns}/${name}`) ??
      DEFAULT_BASELINE_RPS;
    const out: TrafficSeries[] = [];
    for (const [hash, { share, preview }] of this.shares(
      cluster,
      rollout,
      rss,
    )) {
      if (share <= 0) continue;
      const rs = rss.find(
        r => r.metadata.labels?.['rollouts-pod-template-hash'] === hash,
      );
      const registered = this.profiles.get(
        `${clusterName}/${ns}/${name}/${hash}`,
      );
      const profile = registered?.profile ?? PROFILES.healthy;
      const since =
        registered?.since ?? parseTime(rs?.metadata.creationTimestamp) ?? now;
      const minutes = ((now - since) * this.clock.speed) / 60000;
      const current = profileAt(profile, minutes);
      const key = `${clusterName}/${ns}/${name}/${hash}`;
      const latency = jitter(`${key}/l`, now, 0.04);
      out.push({
        cluster: clusterName,
        namespace: ns,
        service,
        rollout: name,
        revision:
          rs?.metadata.annotations?.['rollout.argoproj.io/revision'] ?? '',
        podTemplateHash: hash,
        image: rs?.spec?.template?.spec?.containers?.[0]?.image,
        profile: profile.name,
        share: round(share, 4),
        preview,
        requestRate: round(
          (profile.requestRate ?? baseline) *
            share *
            jitter(`${key}/r`, now, 0.03),
          5,
        ),
        errorRatio: round(
          Math.min(1, current.errorRatio * jitter(`${key}/e`, now, 0.1)),
          5,
        ),
        latencyMs: {
          p50: round(current.latencyMs.p50 * latency, 4),
          p95: round(current.latencyMs.p95 * latency, 4),
          p99: round(current.latencyMs.p99 * latency, 4),
        },
        pods: rs ? servingPods(rs, pods) : [],
      });
    }
    return out;
  }

  dump(): object {
    return {
      profiles: Object.fromEntries(this.profiles),
      baselines: Object.fromEntries(this.baselines),
    };
  }

  load(data: any): void {
    for (const [k, v] of Object.entries(data?.profiles ?? {}))
      this.profiles.set(k, v as any);
    for (const [k, v] of Object.entries(data?.baselines ?? {}))
      this.baselines.set(k, v as number);
  }
}
