import { apiGroup, isBuiltInKind } from './strategicMergePatch';

type Json = any;

/** Kinds that live outside namespaces, so `namespace:` leaves them alone. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ClusterAnalysisTemplate',
]);

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'StatefulSet',
  'Job',
  'ReplicationController',
]);

function ensureMap(parent: Json, key: string): Record<string, Json> {
  if (typeof parent[key] !== 'object' || parent[key] === null) {
    parent[key] = {};
  }
  return parent[key];
}

function mapAt(
  object: Json,
  path: string[],
  create: boolean,
): Json | undefined {
  let node = object;
  for (const key of path) {
    if (typeof node[key] !== 'object' || node[key] === null) {
      if (!create) {
        return undefined;
      }
      node[key] = {};
    }
    node = node[key];
  }
  return node;
}

/** Sets `metadata.namespace` on every namespaced object. */
export function setNamespace(object: Json, namespace: string): void {
  if (!CLUSTER_SCOPED_KINDS.has(object.kind)) {
    ensureMap(object, 'metadata').namespace = namespace;
  }
}

/**
 * Renames an object with `namePrefix`/`nameSuffix`. Like kustomize, references
 * inside custom resources (a Rollout's `canaryService`, say) are not renamed;
 * the one built-in reference followed is an HPA's `scaleTargetRef` to a
 * built-in workload.
 */
export function renameObjects(
  objects: Json[],
  prefix: string,
  suffix: string,
): void {
  const renamed = new Map<string, string>();
  for (const object of objects) {
    const metadata = ensureMap(object, 'metadata');
    const name = `${prefix}${metadata.name}${suffix}`;
    renamed.set(`${object.kind}/${metadata.name}`, name);
    metadata.name = name;
  }
  for (const object of objects) {
    const target = object.spec?.scaleTargetRef;
    if (
      object.kind === 'HorizontalPodAutoscaler' &&
      target &&
      isBuiltInKind(target.apiVersion) &&
      renamed.has(`${target.kind}/${target.name}`)
    ) {
      target.name = renamed.get(`${target.kind}/${target.name}`);
    }
  }
}

function selectorPaths(
  object: Json,
): Array<{ path: string[]; create: boolean }> {
  const builtIn = isBuiltInKind(object.apiVersion);
  if (!builtIn) {
    return [];
  }
  switch (object.kind) {
    case 'Service':
      return [{ path: ['spec', 'selector'], create: true }];
    case 'ReplicationController':
      return [{ path: ['spec', 'selector'], create: true }];
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet':
      return [{ path: ['spec', 'selector', 'matchLabels'], create: true }];
    case 'Job':
      return [{ path: ['spec', 'selector', 'matchLabels'], create: false }];
    case 'CronJob':
      return [
        {
          path: ['spec', 'jobTemplate', 'spec', 'selector', 'matchLabels'],
          create: false,
        },
      ];
    case 'PodDisruptionBudget':
      return [{ path: ['spec', 'selector', 'matchLabels'], create: false }];
    case 'NetworkPolicy':
      return [{ path: ['spec', 'podSelector', 'matchLabels'], create: false }];
    default:
      return [];
  }
}

function templatePaths(object: Json): string[][] {
  if (!isBuiltInKind(object.apiVersion)) {
    return [];
  }
  if (WORKLOAD_KINDS.has(object.kind)) {
    return [['spec', 'template', 'metadata']];
  }
  if (object.kind === 'CronJob') {
    return [
      ['spec', 'jobTemplate', 'metadata'],
      ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
    ];
  }
  return [];
}

/**
 * Adds labels as kustomize's `commonLabels` (selectors and templates too) or a
 * `labels` entry (its `includeSelectors`/`includeTemplates` flags).
 */
export function addLabels(
  object: Json,
  labels: Record<string, string>,
  options: { selectors: boolean; templates: boolean },
): void {
  Object.assign(ensureMap(ensureMap(object, 'metadata'), 'labels'), labels);
  if (options.selectors) {
    for (const { path, create } of selectorPaths(object)) {
      const selector = mapAt(object, path, create);
      if (selector) {
        Object.assign(selector, labels);
      }
    }
  }
  if (options.selectors || options.templates) {
    for (const path of templatePaths(object)) {
      Object.assign(ensureMap(mapAt(object, path, true), 'labels'), labels);
    }
  }
}

/** Adds `commonAnnotations` to the object and to its built-in pod template. */
export function addAnnotations(
  object: Json,
  annotations: Record<string, string>,
): void {
  Object.assign(
    ensureMap(ensureMap(object, 'metadata'), 'annotations'),
    annotations,
  );
  for (const path of templatePaths(object)) {
    Object.assign(
      ensureMap(mapAt(object, path, true), 'annotations'),
      annotations,
    );
  }
}

/** One entry of a kustomization's `images`. */
export interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** Splits `registry:5000/app:1.2@sha256:…` into name, tag and digest. */
export function parseImage(image: string): {
  name: string;
  tag?: string;
  digest?: string;
} {
  const [withoutDigest, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > slash) {
    return {
      name: withoutDigest.slice(0, colon),
      tag: withoutDigest.slice(colon + 1),
      digest,
    };
  }
  return { name: withoutDigest, digest };
}

function overrideImage(image: string, overrides: ImageOverride[]): string {
  const parsed = parseImage(image);
  const override = overrides.find(o => o.name === parsed.name);
  if (!override) {
    return image;
  }
  const name = override.newName ?? parsed.name;
  if (override.digest) {
    return `${name}@${override.digest}`;
  }
  if (override.newTag) {
    return `${name}:${override.newTag}`;
  }
  if (parsed.digest) {
    return `${name}${parsed.tag ? `:${parsed.tag}` : ''}@${parsed.digest}`;
  }
  return parsed.tag ? `${name}:${parsed.tag}` : name;
}

/** Rewrites the `image` of every container and init container in the object, at any depth. */
export function setImages(node: Json, overrides: ImageOverride[]): void {
  if (Array.isArray(node)) {
    node.forEach(item => setImages(item, overrides));
    return;
  }
  if (typeof node !== 'object' || node === null) {
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (
      (key === 'containers' || key === 'initContainers') &&
      Array.isArray(value)
    ) {
      for (const container of value) {
        if (container && typeof container.image === 'string') {
          container.image = overrideImage(container.image, overrides);
        }
      }
    }
    setImages(value, overrides);
  }
}

/** Which objects a patch applies to: kustomize's `target` selector. */
export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

function matchesSelector(
  values: Record<string, string> | undefined,
  selector: string,
) {
  return selector
    .split(',')
    .map(term => term.trim())
    .filter(Boolean)
    .every(term => {
      const notEquals = term.match(/^([^!=]+)!=(.*)$/);
      if (notEquals) {
        return values?.[notEquals[1].trim()] !== notEquals[2].trim();
      }
      const equals = term.match(/^([^=]+)==?(.*)$/);
      if (equals) {
        return values?.[equals[1].trim()] === equals[2].trim();
      }
      return values?.[term] !== undefined;
    });
}

/** Whether an object is selected by a patch target (`name` and `kind` are anchored regular expressions, as in kustomize). */
export function matchesTarget(object: Json, target: PatchTarget): boolean {
  const anchored = (pattern: string, value: unknown) =>
    new RegExp(`^(?:${pattern})$`).test(String(value ?? ''));
  const apiVersion = String(object.apiVersion ?? '');
  const version = apiVersion.includes('/')
    ? apiVersion.split('/')[1]
    : apiVersion;
  return (
    (target.group === undefined || apiGroup(apiVersion) === target.group) &&
    (target.version === undefined || version === target.version) &&
    (target.kind === undefined || anchored(target.kind, object.kind)) &&
    (target.name === undefined ||
      anchored(target.name, object.metadata?.name)) &&
    (target.namespace === undefined ||
      anchored(target.namespace, object.metadata?.namespace)) &&
    (target.labelSelector === undefined ||
      matchesSelector(object.metadata?.labels, target.labelSelector)) &&
    (target.annotationSelector === undefined ||
      matchesSelector(object.metadata?.annotations, target.annotationSelector))
  );
}
