import { URL } from 'node:url';

/**
 * Splits an API path the way the API server's RequestInfoFactory does:
 * `/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}` and
 * `/apis/{group}/{version}/...`, plus the verb implied by method and query.
 */
export interface RequestInfo {
  path: string;
  query: URLSearchParams;
  isResourceRequest: boolean;
  group: string;
  version: string;
  namespace?: string;
  resource?: string;
  name?: string;
  subresource?: string;
  verb: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseRequestInfo(method: string, rawUrl: string): RequestInfo {
  const url = new URL(rawUrl, 'http://sandbox.invalid');
  const segments = url.pathname
    .split('/')
    .filter(s => s.length > 0)
    .map(decodeURIComponent);
  const info: RequestInfo = {
    path: url.pathname,
    query: url.searchParams,
    isResourceRequest: false,
    group: '',
    version: '',
    verb: method.toLowerCase(),
  };
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    info.version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    info.group = segments[1];
    info.version = segments[2];
    rest = segments.slice(3);
  } else {
    return info;
  }
  info.isResourceRequest = true;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !NAMESPACE_SUBRESOURCES.has(rest[2])
  ) {
    info.namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length >= 2) {
    // A namespace object: /api/v1/namespaces/{name}[/status]
    info.namespace = rest[1];
  }
  [info.resource, info.name, info.subresource] = rest;
  if (rest.length > 3) {
    info.resource = undefined;
  }
  const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (info.name) info.verb = 'get';
      else info.verb = watch ? 'watch' : 'list';
      break;
    case 'POST':
      info.verb = 'create';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
    default:
      info.verb = method.toLowerCase();
  }
  return info;
}
