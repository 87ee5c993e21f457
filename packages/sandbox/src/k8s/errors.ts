import { ResourceType, qualifiedKind, resourceKey } from './resources';

/**
 * Errors as the API server reports them: a `Status` object with the same
 * reason, code, message wording and details as k8s.io/apimachinery's
 * `errors` package, so client libraries classify them correctly.
 */

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason || undefined,
      details: this.details,
      code: this.code,
    };
    return JSON.parse(JSON.stringify(status));
  }
}

function groupKind(rt: ResourceType, name?: string): StatusDetails {
  return { name, group: rt.group || undefined, kind: rt.plural };
}

export function notFound(rt: ResourceType, name: string): ApiError {
  return new ApiError(
    404,
    'NotFound',
    `${resourceKey(rt)} "${name}" not found`,
    groupKind(rt, name),
  );
}

export function alreadyExists(rt: ResourceType, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${resourceKey(rt)} "${name}" already exists`,
    groupKind(rt, name),
  );
}

export function conflict(
  rt: ResourceType,
  name: string,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${resourceKey(rt)} "${name}": ${why}`,
    groupKind(rt, name),
  );
}

export interface FieldError {
  type: 'Required' | 'Invalid' | 'Forbidden' | 'NotSupported' | 'Duplicate';
  field: string;
  value?: unknown;
  detail?: string;
}

const CAUSE_REASONS: Record<FieldError['type'], string> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  Forbidden: 'FieldValueForbidden',
  NotSupported: 'FieldValueNotSupported',
  Duplicate: 'FieldValueDuplicate',
};

function fieldErrorBody(e: FieldError): string {
  let body: string;
  switch (e.type) {
    case 'Required':
      body = 'Required value';
      break;
    case 'Forbidden':
      body = 'Forbidden';
      break;
    case 'Duplicate':
      body = `Duplicate value: ${JSON.stringify(e.value)}`;
      break;
    case 'NotSupported':
      body = `Unsupported value: ${JSON.stringify(e.value)}`;
      break;
    default:
      body = `Invalid value: ${JSON.stringify(e.value)}`;
  }
  return e.detail ? `${body}: ${e.detail}` : body;
}

/** 422 Invalid, worded like apierrors.NewInvalid. */
export function invalid(
  rt: ResourceType,
  name: string,
  errors: FieldError[],
): ApiError {
  const rendered = errors.map(e => `${e.field}: ${fieldErrorBody(e)}`);
  const summary =
    rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  return new ApiError(
    422,
    'Invalid',
    `${qualifiedKind(rt)} "${name}" is invalid: ${summary}`,
    {
      name,
      group: rt.group || undefined,
      kind: rt.kind,
      causes: errors.map(e => ({
        reason: CAUSE_REASONS[e.type],
        message: fieldErrorBody(e),
        field: e.field,
      })),
    },
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotAllowed(): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );
}

export function unsupportedMediaType(accepted: string[]): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
      ', ',
    )}`,
  );
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

/** 403 worded like the RBAC authorizer's denial. */
export function forbidden(
  rt: ResourceType | undefined,
  user: string,
  verb: string,
  opts: {
    name?: string;
    namespace?: string;
    subresource?: string;
    path?: string;
  },
): ApiError {
  if (!rt) {
    return new ApiError(
      403,
      'Forbidden',
      `forbidden: User "${user}" cannot ${verb} path "${opts.path ?? '/'}"`,
      {},
    );
  }
  const res = opts.subresource ? `${rt.plural}/${opts.subresource}` : rt.plural;
  const subject = opts.name
    ? `${resourceKey(rt)} "${opts.name}"`
    : resourceKey(rt);
  const scope = opts.namespace
    ? ` in the namespace "${opts.namespace}"`
    : ' at the cluster scope';
  return new ApiError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user}" cannot ${verb} resource "${res}" in API group "${rt.group}"${scope}`,
    groupKind(rt, opts.name),
  );
}

export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function pathNotFound(): ApiError {
  return new ApiError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}
