import { ApiError, badRequest } from '../errors';
import { clone, isPlainObject } from '../types';

/**
 * JSON patch, RFC 6902. Failures are reported like the API server does
 * (422 Invalid, "the server rejected our request due to an error in our
 * request", with the patch library's message as cause).
 */

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

function rejected(message: string): ApiError {
  return new ApiError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    { causes: [{ reason: 'UnexpectedServerResponse', message }] },
  );
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw rejected(`invalid JSON pointer: ${JSON.stringify(pointer)}`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function containerOf(doc: any, parts: string[], op: string, path: string): any {
  let current = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(current)) {
      current = current[Number(part)];
    } else if (isPlainObject(current)) {
      current = current[part];
    } else {
      current = undefined;
    }
    if (current === undefined || current === null) {
      throw rejected(
        `${op} operation does not apply: doc is missing path: "${path}"`,
      );
    }
  }
  return current;
}

function get(doc: any, path: string): unknown {
  let current = doc;
  for (const part of parsePointer(path)) {
    if (Array.isArray(current)) {
      current = current[Number(part)];
    } else {
      current = isPlainObject(current) ? current[part] : undefined;
    }
    if (current === undefined) {
      return undefined;
    }
  }
  return current;
}

function arrayIndex(
  arr: unknown[],
  key: string,
  forAdd: boolean,
  path: string,
  op: string,
): number {
  if (key === '-' && forAdd) {
    return arr.length;
  }
  const index = Number(key);
  const max = forAdd ? arr.length : arr.length - 1;
  if (!/^\d+$/.test(key) || index > max) {
    throw rejected(
      `${op} operation does not apply: index out of range: "${path}"`,
    );
  }
  return index;
}

function add(doc: any, path: string, value: unknown, op = 'add'): any {
  const parts = parsePointer(path);
  if (parts.length === 0) {
    return clone(value);
  }
  const parent = containerOf(doc, parts, op, path);
  const key = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, key, true, path, op), 0, clone(value));
  } else if (isPlainObject(parent)) {
    parent[key] = clone(value);
  } else {
    throw rejected(
      `${op} operation does not apply: doc is missing path: "${path}"`,
    );
  }
  return doc;
}

function remove(doc: any, path: string, op = 'remove'): any {
  const parts = parsePointer(path);
  const parent = containerOf(doc, parts, op, path);
  const key = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, key, false, path, op), 1);
  } else if (isPlainObject(parent) && key in parent) {
    delete parent[key];
  } else {
    throw rejected(
      `${op} operation does not apply: doc is missing key: ${path}`,
    );
  }
  return doc;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function applyJsonPatch(document: unknown, operations: unknown): any {
  if (!Array.isArray(operations)) {
    throw badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let doc = clone(document);
  for (const raw of operations) {
    const operation = raw as JsonPatchOperation;
    if (!isPlainObject(raw) || typeof operation.path !== 'string') {
      throw rejected('unexpected kind of patch operation');
    }
    switch (operation.op) {
      case 'add':
        doc = add(doc, operation.path, operation.value);
        break;
      case 'remove':
        doc = remove(doc, operation.path);
        break;
      case 'replace':
        if (get(doc, operation.path) === undefined && operation.path !== '') {
          throw rejected(
            `replace operation does not apply: doc is missing key: ${operation.path}`,
          );
        }
        doc =
          operation.path === ''
            ? clone(operation.value)
            : add(
                remove(doc, operation.path, 'replace'),
                operation.path,
                operation.value,
                'replace',
              );
        break;
      case 'move': {
        const value = get(doc, operation.from ?? '');
        if (value === undefined) {
          throw rejected(
            `move operation does not apply: doc is missing from path: ${operation.from}`,
          );
        }
        doc = add(
          remove(doc, operation.from ?? '', 'move'),
          operation.path,
          value,
          'move',
        );
        break;
      }
      case 'copy': {
        const value = get(doc, operation.from ?? '');
        if (value === undefined) {
          throw rejected(
            `copy operation does not apply: doc is missing from path: ${operation.from}`,
          );
        }
        doc = add(doc, operation.path, value, 'copy');
        break;
      }
      case 'test':
        if (!equal(get(doc, operation.path), operation.value)) {
          throw rejected(`testing value ${operation.path} failed: test failed`);
        }
        break;
      default:
        throw rejected(`Unexpected kind: ${String((raw as any).op)}`);
    }
  }
  return doc;
}
