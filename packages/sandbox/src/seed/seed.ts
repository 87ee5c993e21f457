import { Cluster } from '../k8s/cluster';
import { ApiError } from '../k8s/errors';
import {
  ANALYSISTEMPLATES,
  NAMESPACES,
  ROLLOUTS,
  SERVICES as SERVICE_RT,
} from '../k8s/resources';
import { KubeObject } from '../k8s/types';
import { applyRelease } from '../control/releases';
import { TrafficModel } from '../traffic/trafficModel';
import { SERVICES, ServiceSeed, image } from './catalog';
import {
  namespaceManifest,
  rolloutManifest,
  servicesFor,
  successRateTemplate,
} from './manifests';

/** Creates objects, ignoring ones that already exist (seeding is idempotent). */
function ensure(
  cluster: Cluster,
  rt: typeof NAMESPACES,
  namespace: string,
  obj: KubeObject,
): void {
  try {
    cluster.create(rt, namespace, obj);
  } catch (e) {
    if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') throw e;
  }
}

/** Namespaces, Services, AnalysisTemplates and Rollouts at their first version. */
export function createServiceObjects(
  cluster: Cluster,
  traffic: TrafficModel,
  seeds: ServiceSeed[],
): void {
  for (const seed of seeds) {
    const version =
      seed.clusters[cluster.name]?.version ??
      Object.values(seed.clusters)[0]?.version;
    if (!version) continue;
    ensure(cluster, NAMESPACES, '', namespaceManifest(seed.namespace));
    for (const svc of servicesFor(seed))
      ensure(cluster, SERVICE_RT, seed.namespace, svc);
    ensure(
      cluster,
      ANALYSISTEMPLATES,
      seed.namespace,
      successRateTemplate(seed.name, seed.namespace),
    );
    ensure(cluster, ROLLOUTS, seed.namespace, rolloutManifest(seed, version));
    traffic.setBaseline(
      cluster.name,
      seed.namespace,
      seed.name,
      seed.baselineRps,
    );
  }
}

/** Releases that leave production mid-rollout (paused, progressing, aborted, awaiting promotion). */
export function applySeedReleases(
  clusters: Map<string, Cluster>,
  traffic: TrafficModel,
  cluster: Cluster,
  seeds: ServiceSeed[],
): void {
  for (const seed of seeds) {
    for (const release of seed.clusters[cluster.name]?.releases ?? []) {
      applyRelease(clusters, traffic, {
        cluster: cluster.name,
        namespace: seed.namespace,
        service: seed.name,
        image: image(seed.name, release.version),
        profile: release.profile,
      });
    }
  }
}

export const DEMO_SERVICES = SERVICES;

/**
 * N synthetic canary services for load tests, 50 per namespace
 * (`synthetic-01`, ...), named `svc-0001`, ... on every cluster.
 */
export function syntheticServices(
  count: number,
  clusterNames: string[],
  replicas = 2,
): ServiceSeed[] {
  const seeds: ServiceSeed[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `svc-${String(i).padStart(4, '0')}`;
    seeds.push({
      name,
      namespace: `synthetic-${String(Math.ceil(i / 50)).padStart(2, '0')}`,
      strategy: 'canary',
      replicas,
      steps: [{ setWeight: 50 }, { pause: { duration: '10s' } }],
      baselineRps: 10 + (i % 40),
      clusters: Object.fromEntries(
        clusterNames.map(c => [c, { version: `1.${i % 10}.0` }]),
      ),
    });
  }
  return seeds;
}
