import { clone, isPlainObject, KubeObject, formatTime } from '../types';
import { LIST_STRATEGIES, ListStrategy } from './strategicMerge';

/**
 * Best-effort server-side apply (`application/apply-patch+yaml`).
 *
 * The applied configuration is merged into the live object (maps recursively,
 * keyed lists by merge key, other lists replaced) and the fields the manager
 * applied are recorded in `metadata.managedFields` (FieldsV1 format). Fields a
 * manager applied before but no longer applies are removed. Ownership
 * conflicts between managers are not detected.
 */

type FieldSet = Record<string, any>;

const SKIPPED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
]);

function listStrategies(
  plural: string,
  custom: boolean,
): Record<string, ListStrategy> {
  return custom ? {} : LIST_STRATEGIES[plural] ?? {};
}

function fieldsOf(
  value: Record<string, any>,
  lists: Record<string, ListStrategy>,
  path: string,
): FieldSet {
  const set: FieldSet = {};
  for (const [key, child] of Object.entries(value)) {
    if (path === '' && (key === 'apiVersion' || key === 'kind')) {
      continue;
    }
    if (path === 'metadata' && SKIPPED_METADATA.has(key)) {
      continue;
    }
    const childPath = path ? `${path}.${key}` : key;
    const strategy = lists[childPath];
    if (isPlainObject(child)) {
      set[`f:${key}`] = fieldsOf(child, lists, childPath);
    } else if (Array.isArray(child) && strategy?.key) {
      const items: FieldSet = {};
      for (const element of child) {
        if (isPlainObject(element)) {
          items[
            `k:${JSON.stringify({ [strategy.key]: element[strategy.key] })}`
          ] = {
            '.': {},
            ...fieldsOf(element, lists, childPath),
          };
        }
      }
      set[`f:${key}`] = items;
    } else {
      set[`f:${key}`] = {};
    }
  }
  return set;
}

function mergeApplied(
  live: unknown,
  applied: unknown,
  lists: Record<string, ListStrategy>,
  path: string,
): any {
  if (!isPlainObject(applied)) {
    return clone(applied);
  }
  const result: Record<string, any> = isPlainObject(live) ? { ...live } : {};
  for (const [key, value] of Object.entries(applied)) {
    const childPath = path ? `${path}.${key}` : key;
    const strategy = lists[childPath];
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      result[key] = mergeApplied(result[key], value, lists, childPath);
    } else if (
      Array.isArray(value) &&
      strategy?.key &&
      Array.isArray(result[key])
    ) {
      const merged = result[key].map((e: unknown) => clone(e));
      for (const element of value) {
        const index = merged.findIndex(
          (e: any) =>
            isPlainObject(e) &&
            isPlainObject(element) &&
            e[strategy.key!] === element[strategy.key!],
        );
        if (index >= 0) {
          merged[index] = mergeApplied(
            merged[index],
            element,
            lists,
            childPath,
          );
        } else {
          merged.push(clone(element));
        }
      }
      result[key] = merged;
    } else {
      result[key] = clone(value);
    }
  }
  return result;
}

/** Removes from `object` the fields present in `previous` but absent from `current`. */
function pruneDropped(
  object: any,
  previous: FieldSet,
  current: FieldSet,
  lists: Record<string, ListStrategy>,
  path: string,
): void {
  if (!isPlainObject(object)) {
    return;
  }
  for (const [fieldKey, prevChild] of Object.entries(previous)) {
    if (!fieldKey.startsWith('f:')) {
      continue;
    }
    const field = fieldKey.slice(2);
    const childPath = path ? `${path}.${field}` : field;
    if (!(fieldKey in current)) {
      delete object[field];
      continue;
    }
    const currChild = current[fieldKey];
    const strategy = lists[childPath];
    if (Array.isArray(object[field]) && strategy?.key) {
      object[field] = object[field].filter((element: any) => {
        const k = `k:${JSON.stringify({
          [strategy.key!]: element?.[strategy.key!],
        })}`;
        return !(k in prevChild) || k in currChild;
      });
      for (const element of object[field]) {
        const k = `k:${JSON.stringify({
          [strategy.key]: element?.[strategy.key],
        })}`;
        if (prevChild[k] && currChild[k]) {
          pruneDropped(element, prevChild[k], currChild[k], lists, childPath);
        }
      }
    } else if (isPlainObject(object[field])) {
      pruneDropped(object[field], prevChild, currChild, lists, childPath);
    }
  }
}

export interface ApplyResult {
  object: KubeObject;
}

export function serverSideApply(options: {
  live: KubeObject | undefined;
  applied: KubeObject;
  manager: string;
  plural: string;
  custom: boolean;
  now: number;
}): KubeObject {
  const { live, applied, manager, plural, custom, now } = options;
  const lists = listStrategies(plural, custom);
  const fields = fieldsOf(applied, lists, '');
  const previousEntry = live?.metadata.managedFields?.find(
    (e: any) => e?.manager === manager && e?.operation === 'Apply',
  ) as any;
  let result: KubeObject;
  if (live) {
    const { managedFields: _drop, ...appliedMeta } = applied.metadata ?? {};
    result = mergeApplied(
      live,
      { ...applied, metadata: appliedMeta },
      lists,
      '',
    );
    if (previousEntry?.fieldsV1) {
      pruneDropped(result, previousEntry.fieldsV1, fields, lists, '');
    }
  } else {
    result = clone(applied);
  }
  const entry = {
    manager,
    operation: 'Apply',
    apiVersion: applied.apiVersion,
    time: formatTime(now),
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
  };
  const others = (live?.metadata.managedFields ?? []).filter(
    (e: any) => !(e?.manager === manager && e?.operation === 'Apply'),
  );
  result.metadata = { ...result.metadata, managedFields: [...others, entry] };
  return result;
}
