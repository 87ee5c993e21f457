import { badRequest } from '../errors';
import { clone, isPlainObject } from '../types';

/**
 * Strategic merge patch for the built-in kinds the sandbox serves. The patch
 * metadata (which lists merge by which key) mirrors the `patchStrategy` /
 * `patchMergeKey` struct tags of k8s.io/api for the fields that matter here;
 * lists without metadata are replaced, as upstream.
 */

export interface ListStrategy {
  /** Merge key for lists of objects; absent for primitive lists merged as sets. */
  key?: string;
}

const POD_SPEC_LISTS: Record<string, ListStrategy> = {
  containers: { key: 'name' },
  initContainers: { key: 'name' },
  ephemeralContainers: { key: 'name' },
  volumes: { key: 'name' },
  imagePullSecrets: { key: 'name' },
  hostAliases: { key: 'ip' },
  topologySpreadConstraints: { key: 'topologyKey' },
  'containers.ports': { key: 'containerPort' },
  'containers.env': { key: 'name' },
  'containers.volumeMounts': { key: 'mountPath' },
  'containers.volumeDevices': { key: 'devicePath' },
  'initContainers.ports': { key: 'containerPort' },
  'initContainers.env': { key: 'name' },
  'initContainers.volumeMounts': { key: 'mountPath' },
};

const COMMON_LISTS: Record<string, ListStrategy> = {
  'metadata.ownerReferences': { key: 'uid' },
  'metadata.finalizers': {},
  'status.conditions': { key: 'type' },
};

function withPrefix(prefix: string, lists: Record<string, ListStrategy>) {
  return Object.fromEntries(
    Object.entries(lists).map(([path, s]) => [`${prefix}.${path}`, s]),
  );
}

/** List strategies per resource plural, keyed by dotted field path (indices omitted). */
export const LIST_STRATEGIES: Record<string, Record<string, ListStrategy>> = {
  pods: { ...COMMON_LISTS, ...withPrefix('spec', POD_SPEC_LISTS) },
  deployments: {
    ...COMMON_LISTS,
    ...withPrefix('spec.template.spec', POD_SPEC_LISTS),
  },
  replicasets: {
    ...COMMON_LISTS,
    ...withPrefix('spec.template.spec', POD_SPEC_LISTS),
  },
  services: { ...COMMON_LISTS, 'spec.ports': { key: 'port' } },
  namespaces: { ...COMMON_LISTS, 'spec.finalizers': {} },
  configmaps: COMMON_LISTS,
  events: COMMON_LISTS,
};

const ORDER_PREFIX = '$setElementOrder/';
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/';

function sameKey(a: any, b: any, key: string): boolean {
  return isPlainObject(a) && isPlainObject(b) && a[key] === b[key];
}

function mergeList(
  original: unknown[],
  patch: unknown[],
  strategy: ListStrategy,
  lists: Record<string, ListStrategy>,
  path: string,
): unknown[] {
  if (patch.some(e => isPlainObject(e) && e.$patch === 'replace')) {
    return clone(
      patch.filter(e => !(isPlainObject(e) && e.$patch === 'replace')),
    );
  }
  if (!strategy.key) {
    // Primitive list with merge strategy: union, original order first.
    const result = [...original];
    for (const value of patch) {
      if (!result.some(v => JSON.stringify(v) === JSON.stringify(value))) {
        result.push(clone(value));
      }
    }
    return result;
  }
  const key = strategy.key;
  const result = original.map(e => clone(e));
  for (const element of patch) {
    if (!isPlainObject(element)) {
      throw badRequest(
        `unable to find api field in struct for the list ${path}`,
      );
    }
    const index = result.findIndex(e => sameKey(e, element, key));
    if (element.$patch === 'delete') {
      if (index >= 0) {
        result.splice(index, 1);
      }
    } else if (index >= 0) {
      result[index] = mergeObject(result[index], element, lists, path);
    } else {
      result.push(mergeObject({}, element, lists, path));
    }
  }
  return result;
}

function orderList(list: unknown[], order: unknown[], key?: string): unknown[] {
  const position = (e: unknown) =>
    order.findIndex(o =>
      key ? isPlainObject(o) && isPlainObject(e) && o[key] === e[key] : o === e,
    );
  return [...list].sort((a, b) => {
    const pa = position(a);
    const pb = position(b);
    if (pa < 0 || pb < 0) {
      return 0;
    }
    return pa - pb;
  });
}

function mergeObject(
  original: unknown,
  patch: Record<string, any>,
  lists: Record<string, ListStrategy>,
  path: string,
): any {
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return stripDirectives(rest);
  }
  const result: Record<string, any> = isPlainObject(original)
    ? { ...original }
    : {};
  const retainKeys: unknown = patch.$retainKeys;
  for (const [field, value] of Object.entries(patch)) {
    if (field === '$patch' || field === '$retainKeys') {
      continue;
    }
    if (
      field.startsWith(ORDER_PREFIX) ||
      field.startsWith(DELETE_PRIMITIVE_PREFIX)
    ) {
      continue;
    }
    const childPath = path ? `${path}.${field}` : field;
    if (value === null) {
      delete result[field];
    } else if (isPlainObject(value) && value.$patch === 'delete') {
      delete result[field];
    } else if (isPlainObject(value)) {
      result[field] = mergeObject(result[field], value, lists, childPath);
    } else if (
      Array.isArray(value) &&
      lists[childPath] &&
      Array.isArray(result[field])
    ) {
      result[field] = mergeList(
        result[field],
        value,
        lists[childPath],
        lists,
        childPath,
      );
    } else if (Array.isArray(value)) {
      result[field] = stripDirectives(
        value.filter(e => !(isPlainObject(e) && e.$patch === 'replace')),
      );
    } else {
      result[field] = clone(value);
    }
  }
  for (const [field, value] of Object.entries(patch)) {
    if (field.startsWith(DELETE_PRIMITIVE_PREFIX) && Array.isArray(value)) {
      const target = field.slice(DELETE_PRIMITIVE_PREFIX.length);
      if (Array.isArray(result[target])) {
        result[target] = result[target].filter(
          (v: unknown) => !value.includes(v),
        );
      }
    }
    if (field.startsWith(ORDER_PREFIX) && Array.isArray(value)) {
      const target = field.slice(ORDER_PREFIX.length);
      const childPath = path ? `${path}.${target}` : target;
      if (Array.isArray(result[target])) {
        result[target] = orderList(
          result[target],
          value,
          lists[childPath]?.key,
        );
      }
    }
  }
  if (Array.isArray(retainKeys)) {
    for (const field of Object.keys(result)) {
      if (!retainKeys.includes(field)) {
        delete result[field];
      }
    }
  }
  return result;
}

function stripDirectives(value: unknown): any {
  if (Array.isArray(value)) {
    return value.map(stripDirectives);
  }
  if (!isPlainObject(value)) {
    return clone(value);
  }
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!k.startsWith('$')) {
      out[k] = stripDirectives(v);
    }
  }
  return out;
}

export function applyStrategicMergePatch(
  resourcePlural: string,
  original: unknown,
  patch: unknown,
): any {
  if (!isPlainObject(patch)) {
    throw badRequest('the patch must be a JSON object');
  }
  return mergeObject(
    original,
    patch,
    LIST_STRATEGIES[resourcePlural] ?? COMMON_LISTS,
    '',
  );
}
