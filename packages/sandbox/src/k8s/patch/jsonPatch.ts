import { JsonPatchError, Operation, applyPatch } from 'fast-json-patch';
import { ApiError, badRequest } from '../errors';
import { clone, isPlainObject } from '../types';

/**
 * JSON patch, RFC 6902, applied by fast-json-patch. What is Kubernetes' own is
 * the failure: the API server answers 422 Invalid, "the server rejected our
 * request due to an error in our request", with the message of its patch
 * library (evanphx/json-patch) as the cause, so clients that show the cause
 * show the same text here.
 */

export type JsonPatchOperation = Operation;

function rejected(message: string): ApiError {
  return new ApiError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    { causes: [{ reason: 'UnexpectedServerResponse', message }] },
  );
}

/** evanphx/json-patch's wording for the failure fast-json-patch reports. */
function apiServerMessage(error: JsonPatchError, doc: unknown): string {
  const operation = (error.operation ?? {}) as Partial<Operation> & {
    from?: string;
  };
  const { op, path = '' } = operation;
  const from = operation.from ?? '';
  const key = path.split('/').pop()?.replace(/~1/g, '/').replace(/~0/g, '~');
  switch (error.name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_OP_INVALID':
      return `Unexpected kind: ${String(op)}`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${op} operation does not apply: doc is missing from path: ${from}: missing value`;
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
      return `error in add for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`;
    case 'OPERATION_PATH_CANNOT_ADD':
      return `add operation does not apply: doc is missing path: "${path}": missing value`;
    case 'OPERATION_PATH_UNRESOLVABLE':
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      if (op === 'replace') {
        return `replace operation does not apply: doc is missing key: ${path}: missing value`;
      }
      if (op === 'remove') {
        const parentPath = path.slice(0, path.lastIndexOf('/'));
        const parent = parentPath ? get(doc, parentPath) : doc;
        return Array.isArray(parent)
          ? `error in remove for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`
          : `error in remove for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`;
      }
      if (op === 'test') {
        return `test operation does not apply: is missing path: ${path}: missing value`;
      }
      return `${op} operation does not apply: doc is missing path: "${path}": missing value`;
    default:
      return error.message.split('\n')[0];
  }
}

function get(doc: unknown, pointer: string): unknown {
  let current: any = doc;
  for (const part of pointer.split('/').slice(1)) {
    const segment = part.replace(/~1/g, '/').replace(/~0/g, '~');
    current =
      isPlainObject(current) || Array.isArray(current)
        ? (current as any)[segment]
        : undefined;
  }
  return current;
}

export function applyJsonPatch(document: unknown, operations: unknown): any {
  if (!Array.isArray(operations)) {
    throw badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  for (const raw of operations) {
    if (!isPlainObject(raw) || typeof raw.path !== 'string') {
      throw rejected('unexpected kind of patch operation');
    }
  }
  // Each operation is validated against the document as it is at that point.
  let doc = clone(document);
  for (const operation of operations as Operation[]) {
    try {
      doc = applyPatch(doc, [clone(operation)], true, true).newDocument;
    } catch (error) {
      if (error instanceof JsonPatchError) {
        throw rejected(apiServerMessage(error, doc));
      }
      throw error;
    }
  }
  return doc;
}
