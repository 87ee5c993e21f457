/** JSON helpers shared across the sandbox. */

export function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy of a JSON value. Objects in the store are never mutated in place. */
export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** JSON.stringify with object keys sorted, for order-insensitive comparison. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .filter(k => (value as any)[k] !== undefined)
      .sort()
      .map(k => `${JSON.stringify(k)}:${stableStringify((value as any)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Structural equality of JSON values, ignoring key order and keys whose value
 * is undefined (they do not survive serialisation).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  ) {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length)
      return false;
    for (let i = 0; i < a.length; i++) {
      if (!deepEqual(a[i], b[i])) return false;
    }
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let countA = 0;
  for (const key in ra) {
    if (ra[key] === undefined) continue;
    countA++;
    if (!deepEqual(ra[key], rb[key])) return false;
  }
  let countB = 0;
  for (const key in rb) {
    if (rb[key] !== undefined) countB++;
  }
  return countA === countB;
}

/** Removes `undefined` values so stored objects are plain JSON. */
export function pruneUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}
