import { Cluster } from '../k8s/cluster';
import { ROLLOUTS } from '../k8s/resources';
import { KubeObject, clone } from '../k8s/types';
import { computePodTemplateHash } from '../util/hash';
import { ProfileInput, resolveProfile } from '../traffic/profiles';
import { TrafficModel } from '../traffic/trafficModel';

/** A release as a CD system would do it: a new image in the Rollout's pod template. */
export interface ReleaseRequest {
  cluster: string;
  /** Optional when the service name is unique across namespaces. */
  namespace?: string;
  service: string;
  image: string;
  /** Traffic profile of the new revision: `healthy` (default), `slow`, `errors`, `degrading` or custom numbers. */
  profile?: ProfileInput;
}

export interface ReleaseResult {
  cluster: string;
  namespace: string;
  service: string;
  rollout: string;
  image: string;
  previousImage?: string;
  profile: string;
  /** Pod template hash the new revision's ReplicaSet will carry. */
  podTemplateHash: string;
  generation: number;
  /** False when the image was already deployed (only the profile was updated). */
  changed: boolean;
}

/** Invalid input (400) or unknown service (404), naming the offending field. */
export class ReleaseError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReleaseError';
  }
}

const IMAGE_RE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.trim()) {
    throw new ReleaseError(
      400,
      field,
      `${field}: required, must be a non-empty string`,
    );
  }
  return value.trim();
}

function findRollout(
  cluster: Cluster,
  service: string,
  namespace?: string,
): KubeObject {
  const matches = cluster
    .peekList(ROLLOUTS, namespace)
    .filter(
      r =>
        r.metadata.name === service ||
        r.metadata.labels?.['app.kubernetes.io/name'] === service,
    );
  if (!matches.length) {
    const where = namespace ? ` in namespace "${namespace}"` : '';
    throw new ReleaseError(
      404,
      'service',
      `service: no Rollout for service "${service}"${where} in cluster "${cluster.name}"`,
    );
  }
  if (matches.length > 1) {
    const namespaces = [
      ...new Set(matches.map(r => r.metadata.namespace)),
    ].join(', ');
    throw new ReleaseError(
      400,
      'namespace',
      `namespace: service "${service}" exists in several namespaces (${namespaces}); pass namespace`,
    );
  }
  return matches[0];
}

export function applyRelease(
  clusters: Map<string, Cluster>,
  traffic: TrafficModel,
  body: unknown,
): ReleaseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ReleaseError(
      400,
      'body',
      'body: must be a JSON object with cluster, service and image',
    );
  }
  const req = body as Record<string, unknown>;
  const clusterName = requireString(req.cluster, 'cluster');
  const cluster = clusters.get(clusterName);
  if (!cluster) {
    throw new ReleaseError(
      400,
      'cluster',
      `cluster: unknown cluster "${clusterName}", expected one of ${[
        ...clusters.keys(),
      ].join(', ')}`,
    );
  }
  const service = requireString(req.service, 'service');
  const imageRef = requireString(req.image, 'image');
  if (!IMAGE_RE.test(imageRef)) {
    throw new ReleaseError(
      400,
      'image',
      `image: "${imageRef}" is not a valid image reference`,
    );
  }
  if (req.namespace !== undefined) requireString(req.namespace, 'namespace');
  let profile;
  try {
    profile = resolveProfile(req.profile as ProfileInput | undefined);
  } catch (e) {
    throw new ReleaseError(400, 'profile', (e as Error).message);
  }
  const rollout = clone(
    findRollout(cluster, service, req.namespace as string | undefined),
  );
  const containers: any[] = rollout.spec?.template?.spec?.containers ?? [];
  const container =
    containers.find(
      c => c.name === service || c.name === rollout.metadata.name,
    ) ?? containers[0];
  if (!container) {
    throw new ReleaseError(
      400,
      'service',
      `service: Rollout "${rollout.metadata.name}" has no containers`,
    );
  }
  const previousImage = container.image;
  container.image = imageRef;
  const hash = computePodTemplateHash(
    rollout.spec.template,
    rollout.status?.collisionCount,
  );
  const namespace = rollout.metadata.namespace!;
  traffic.setProfile(
    clusterName,
    namespace,
    rollout.metadata.name!,
    hash,
    profile,
  );
  const changed = previousImage !== imageRef;
  const updated = changed
    ? cluster.update(ROLLOUTS, namespace, rollout.metadata.name!, rollout)
    : rollout;
  return {
    cluster: clusterName,
    namespace,
    service,
    rollout: rollout.metadata.name!,
    image: imageRef,
    previousImage,
    profile: profile.name,
    podTemplateHash: hash,
    generation: updated.metadata.generation ?? 0,
    changed,
  };
}
