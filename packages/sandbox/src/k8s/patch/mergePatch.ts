import { clone, isPlainObject } from '../types';

/** JSON merge patch, RFC 7386: objects merge recursively, `null` deletes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): any {
  if (!isPlainObject(patch)) {
    return clone(patch);
  }
  const result: Record<string, any> = isPlainObject(target)
    ? { ...target }
    : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = applyMergePatch(result[key], value);
    }
  }
  return result;
}

/** The merge patch that turns `from` into `to` (used for status diffs). */
export function createMergePatch(from: unknown, to: unknown): any {
  if (!isPlainObject(from) || !isPlainObject(to)) {
    return clone(to);
  }
  const patch: Record<string, any> = {};
  for (const key of Object.keys(from)) {
    if (!(key in to)) {
      patch[key] = null;
    }
  }
  for (const [key, value] of Object.entries(to)) {
    if (!(key in from)) {
      patch[key] = clone(value);
    } else if (JSON.stringify(from[key]) !== JSON.stringify(value)) {
      patch[key] =
        isPlainObject(from[key]) && isPlainObject(value)
          ? createMergePatch(from[key], value)
          : clone(value);
    }
  }
  return patch;
}
