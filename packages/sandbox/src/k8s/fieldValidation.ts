import { ApiError, badRequest } from './errors';
import { crdSchema, objectMetaSchema } from './crdSchemas';
import { ResourceType } from './resources';
import { KubeObject, isPlainObject } from './types';

/**
 * Server-side field validation of custom resources (KEP-2885) against their
 * CRD schemas: fields the schema does not declare are, per the request's
 * `fieldValidation` parameter, rejected (`Strict`, what kubectl sends by
 * default), dropped with a `Warning` header (`Warn`, the server's default
 * when the parameter is absent) or dropped silently (`Ignore`). Dropping is
 * the pruning every structural CRD schema applies. Built-in kinds are not
 * checked (the sandbox has no schemas for them).
 */

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export type WriteKind = 'create' | 'update' | 'patch' | 'apply';

const DIRECTIVES = ['Ignore', 'Warn', 'Strict'];

const OPTIONS_KIND: Record<WriteKind, string> = {
  create: 'CreateOptions',
  update: 'UpdateOptions',
  patch: 'PatchOptions',
  apply: 'PatchOptions',
};

/** The directive of a request; an unknown one is refused as the API server refuses it. */
export function parseFieldValidation(
  value: string | null,
  write: WriteKind,
): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (DIRECTIVES.includes(value)) return value as FieldValidation;
  throw new ApiError(
    422,
    'Invalid',
    `${OPTIONS_KIND[write]}.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "${value}": supported values: "", "Ignore", "Strict", "Warn"`,
    {
      group: 'meta.k8s.io',
      kind: OPTIONS_KIND[write],
      causes: [
        {
          reason: 'FieldValueNotSupported',
          message: `Unsupported value: "${value}": supported values: "", "Ignore", "Strict", "Warn"`,
          field: 'fieldValidation',
        },
      ],
    },
  );
}

const isNullSchema = (s: any) => isPlainObject(s) && s.type === 'null';

/**
 * Whether a schema keeps whatever it is given. Argo Rollouts' CRDs mark
 * `resources.limits` and `resources.requests` with
 * `x-kubernetes-preserve-unknown-fields: true` (hack/gen-crd-spec
 * `removeK8S118Fields`); the model package turns such a schema into `{}`, and
 * a nullable one into `oneOf: [{}, {type: 'null'}]`. An empty schema accepts
 * anything, so nothing under it is pruned.
 */
function preservesUnknown(schema: any): boolean {
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return true;
  const branches = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(branches) && !schema.properties) {
    return branches.some(
      b => isPlainObject(b) && !isNullSchema(b) && preservesUnknown(b),
    );
  }
  return (
    isPlainObject(schema) &&
    !schema.type &&
    !schema.properties &&
    !schema.items &&
    schema.additionalProperties === undefined &&
    !schema.oneOf &&
    !schema.anyOf &&
    !schema.allOf &&
    !schema.$ref
  );
}

/** Visits the fields the schema does not declare; `drop` removes them. */
function walk(
  value: unknown,
  schema: any,
  path: string,
  unknown: (path: string, drop: () => void) => void,
): void {
  if (!schema || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) =>
      walk(item, schema.items, `${path}[${i}]`, unknown),
    );
    return;
  }
  const record = value as Record<string, unknown>;
  const properties = schema.properties;
  const additional = schema.additionalProperties;
  const preserve = preservesUnknown(schema);
  for (const key of Object.keys(record)) {
    const child = path ? `${path}.${key}` : key;
    if (properties && key in properties) {
      walk(record[key], properties[key], child, unknown);
    } else if (isPlainObject(additional)) {
      walk(record[key], additional, child, unknown);
    } else if (additional !== true && !preserve) {
      unknown(child, () => delete record[key]);
    }
  }
}

function rootSchema(kind: string): any | undefined {
  const schema = crdSchema(kind);
  if (!schema) return undefined;
  return {
    ...schema,
    properties: { ...schema.properties, metadata: objectMetaSchema },
  };
}

/** Paths of the fields of `obj` its kind's schema does not declare, e.g. `spec.strategy.canary.stepz`. */
export function unknownFields(obj: KubeObject): string[] {
  const schema = rootSchema(obj.kind);
  const found: string[] = [];
  if (schema) walk(obj, schema, '', path => found.push(path));
  return found;
}

function rejection(
  rt: ResourceType,
  write: WriteKind,
  fields: string[],
): ApiError {
  if (write === 'apply') {
    const errors = fields.map(f => `.${f}: field not declared in schema`);
    return badRequest(
      `failed to create typed patch object (${rt.group}/${rt.version}, Kind=${
        rt.kind
      }): ${
        errors.length === 1 ? errors[0] : `errors:\n  ${errors.join('\n  ')}`
      }`,
    );
  }
  const strict = `strict decoding error: ${fields
    .map(f => `unknown field "${f}"`)
    .join(', ')}`;
  // Bodies of create and update fail while decoding; patches after patching.
  return badRequest(
    write === 'patch'
      ? strict
      : `${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: ${strict}`,
  );
}

/**
 * Applies the directive to an object about to be written (for `apply`, the
 * applied configuration): throws on Strict, else removes the undeclared
 * fields in place and returns the warnings to send.
 */
export function enforceFieldValidation(
  rt: ResourceType,
  obj: unknown,
  directive: FieldValidation,
  write: WriteKind,
): string[] {
  if (!isPlainObject(obj)) return [];
  const schema = rootSchema(rt.kind);
  if (!schema) return [];
  const found: Array<{ path: string; drop: () => void }> = [];
  walk(obj, schema, '', (path, drop) => found.push({ path, drop }));
  if (!found.length) return [];
  if (directive === 'Strict') {
    throw rejection(
      rt,
      write,
      found.map(f => f.path),
    );
  }
  found.forEach(f => f.drop());
  return directive === 'Warn'
    ? found.map(f => `unknown field "${f.path}"`)
    : [];
}
