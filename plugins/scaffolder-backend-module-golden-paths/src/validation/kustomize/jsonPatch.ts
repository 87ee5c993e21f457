import { InputError } from '@backstage/errors';

/** One operation of an RFC 6902 JSON patch. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Checks that a parsed patch document is a list of RFC 6902 operations. */
export function isJsonPatch(
  document: unknown,
): document is JsonPatchOperation[] {
  return (
    Array.isArray(document) &&
    document.every(
      op =>
        typeof op === 'object' &&
        op !== null &&
        OPS.has((op as { op?: unknown }).op as string) &&
        typeof (op as { path?: unknown }).path === 'string',
    )
  );
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw new InputError(`JSON pointer "${pointer}" must start with "/"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function parentOf(document: unknown, segments: string[], pointer: string) {
  let node: any = document;
  for (const segment of segments.slice(0, -1)) {
    if (Array.isArray(node)) {
      node = node[Number(segment)];
    } else if (node && typeof node === 'object') {
      node = node[segment];
    } else {
      node = undefined;
    }
    if (node === undefined || node === null) {
      throw new InputError(`path "${pointer}" does not exist`);
    }
  }
  return node;
}

function getValue(document: unknown, pointer: string): unknown {
  let node: any = document;
  for (const segment of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object' || !(segment in node)) {
      throw new InputError(`path "${pointer}" does not exist`);
    }
    node = node[segment];
  }
  return node;
}

function arrayIndex(
  array: unknown[],
  segment: string,
  pointer: string,
  forAdd: boolean,
) {
  if (forAdd && segment === '-') {
    return array.length;
  }
  const index = Number(segment);
  const max = forAdd ? array.length : array.length - 1;
  if (!/^\d+$/.test(segment) || index > max) {
    throw new InputError(`path "${pointer}" is out of the list's bounds`);
  }
  return index;
}

function add(document: unknown, pointer: string, value: unknown): unknown {
  const segments = parsePointer(pointer);
  if (segments.length === 0) {
    return clone(value);
  }
  const parent = parentOf(document, segments, pointer);
  const last = segments[segments.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, last, pointer, true), 0, clone(value));
  } else if (parent && typeof parent === 'object') {
    parent[last] = clone(value);
  } else {
    throw new InputError(`path "${pointer}" does not exist`);
  }
  return document;
}

function remove(document: unknown, pointer: string): unknown {
  const segments = parsePointer(pointer);
  const parent = parentOf(document, segments, pointer);
  const last = segments[segments.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, last, pointer, false), 1);
  } else if (parent && typeof parent === 'object' && last in parent) {
    delete parent[last];
  } else {
    throw new InputError(`path "${pointer}" does not exist`);
  }
  return document;
}

/**
 * Applies an RFC 6902 JSON patch, as kustomize does for `patches` whose
 * content is a list of operations. Returns a new document.
 */
export function applyJsonPatch(
  document: unknown,
  operations: JsonPatchOperation[],
): unknown {
  let result = clone(document);
  operations.forEach((operation, index) => {
    try {
      switch (operation.op) {
        case 'add':
          result = add(result, operation.path, operation.value);
          break;
        case 'remove':
          result = remove(result, operation.path);
          break;
        case 'replace':
          getValue(result, operation.path);
          result = add(
            remove(result, operation.path),
            operation.path,
            operation.value,
          );
          break;
        case 'move': {
          const value = getValue(result, operation.from ?? '');
          result = add(
            remove(result, operation.from ?? ''),
            operation.path,
            value,
          );
          break;
        }
        case 'copy':
          result = add(
            result,
            operation.path,
            getValue(result, operation.from ?? ''),
          );
          break;
        case 'test':
          if (
            JSON.stringify(getValue(result, operation.path)) !==
            JSON.stringify(operation.value)
          ) {
            throw new InputError(`test failed at "${operation.path}"`);
          }
          break;
        default:
          throw new InputError(`unknown operation "${(operation as any).op}"`);
      }
    } catch (error) {
      throw new InputError(
        `operation ${index} (${operation.op} ${operation.path}): ${
          (error as Error).message
        }`,
      );
    }
  });
  return result;
}
