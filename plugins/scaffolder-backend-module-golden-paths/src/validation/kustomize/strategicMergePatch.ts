type Json = any;

/**
 * API groups served by Kubernetes itself: their kinds have patch merge keys in
 * the OpenAPI schema that kustomize ships with. Custom resources (Argo
 * Rollouts among them) have none, so kustomize merges them like a JSON merge
 * patch: maps merge, lists are replaced.
 */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'certificates.k8s.io',
  'node.k8s.io',
]);

/** The group of an `apiVersion`: `apps/v1` → `apps`, `v1` → ``. */
export function apiGroup(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string' || !apiVersion.includes('/')) {
    return '';
  }
  return apiVersion.split('/')[0];
}

/** Whether kustomize knows the kind's schema, and so merges its lists by key. */
export function isBuiltInKind(apiVersion: unknown): boolean {
  return BUILT_IN_GROUPS.has(apiGroup(apiVersion));
}

/** The patch merge key of a list field, from the Kubernetes API's `x-kubernetes-patch-merge-key`. */
function mergeKeyOf(field: string, path: string[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'imagePullSecrets':
    case 'env':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
      return 'ip';
    case 'conditions':
      return 'type';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'ports':
      return path.some(p => p.endsWith('ontainers')) ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

function isMap(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function withoutDirective(value: Record<string, Json>): Record<string, Json> {
  const { $patch: _directive, ...rest } = value;
  return rest;
}

function mergeList(
  target: Json[],
  patch: Json[],
  key: string | undefined,
  path: string[],
): Json[] {
  if (!key || !patch.every(isMap) || !target.every(isMap)) {
    return clone(patch);
  }
  if (patch.some(item => item.$patch === 'replace')) {
    return patch
      .filter(item => item.$patch !== 'replace')
      .map(withoutDirective);
  }
  const matched = new Set<Json>();
  const merged: Json[] = [];
  for (const item of patch) {
    const existing = target.find(t => t[key] === item[key]);
    if (existing) {
      matched.add(existing);
    }
    if (item.$patch === 'delete') {
      continue;
    }
    merged.push(
      existing
        ? mergeMap(existing, withoutDirective(item), true, path)
        : withoutDirective(clone(item)),
    );
  }
  return [...merged, ...target.filter(t => !matched.has(t)).map(clone)];
}

function mergeMap(
  target: Record<string, Json>,
  patch: Record<string, Json>,
  strategic: boolean,
  path: string[],
): Record<string, Json> {
  if (strategic && patch.$patch === 'replace') {
    return withoutDirective(clone(patch));
  }
  const result: Record<string, Json> = clone(target);
  for (const [field, value] of Object.entries(patch)) {
    if (strategic && field === '$patch') {
      continue;
    }
    if (
      value === null ||
      (strategic && isMap(value) && value.$patch === 'delete')
    ) {
      delete result[field];
    } else if (isMap(value) && isMap(result[field])) {
      result[field] = mergeMap(result[field], value, strategic, [
        ...path,
        field,
      ]);
    } else if (
      strategic &&
      Array.isArray(value) &&
      Array.isArray(result[field])
    ) {
      result[field] = mergeList(result[field], value, mergeKeyOf(field, path), [
        ...path,
        field,
      ]);
    } else {
      result[field] = isMap(value)
        ? mergeMap({}, value, strategic, [...path, field])
        : clone(value);
    }
  }
  return result;
}

/**
 * Merges a patch into a Kubernetes object the way kustomize does: a
 * strategic merge (lists merged by their patch merge key, `$patch`
 * directives) for built-in kinds, an RFC 7386 JSON merge for custom
 * resources. Returns a new object.
 */
export function strategicMergePatch(
  target: Record<string, Json>,
  patch: Record<string, Json>,
): Record<string, Json> {
  return mergeMap(target, patch, isBuiltInKind(target.apiVersion), []);
}
