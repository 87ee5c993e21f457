import { Cluster } from '../k8s/cluster';
import { badRequest, expired } from '../k8s/errors';
import { FieldRequirement } from '../k8s/fields';
import { Requirement } from '../k8s/labels';
import { ResourceType, apiVersionOf } from '../k8s/resources';
import { KubeObject } from '../k8s/types';
import { IncludeObject, toTable } from './table';

/**
 * LIST responses: selectors, `limit`/`continue` pagination (continue tokens
 * expire with the watch history, like etcd compaction) and Table output.
 */

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(value: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof token.rv === 'number' && typeof token.start === 'string') {
      return token;
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function objectKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export interface ListRequest {
  namespace?: string;
  labels: Requirement[];
  fields: FieldRequirement[];
  query: URLSearchParams;
  table?: { include: IncludeObject };
  now: number;
}

export function listResponse(
  cluster: Cluster,
  rt: ResourceType,
  request: ListRequest,
): object {
  const { namespace, labels, fields, query: q, table } = request;
  const store = cluster.store;
  const rvParam = q.get('resourceVersion');
  if (
    q.get('resourceVersionMatch') === 'Exact' &&
    rvParam &&
    Number(rvParam) < store.oldestResumableVersion
  ) {
    throw expired(
      `too old resource version: ${rvParam} (${store.oldestResumableVersion})`,
    );
  }
  let listRv = store.resourceVersion;
  let items = cluster.list(rt, {
    namespace,
    labelSelector: labels,
    fieldSelector: fields,
  }).items;
  const continueParam = q.get('continue');
  if (continueParam) {
    const token = decodeContinue(continueParam);
    if (token.rv < store.oldestResumableVersion) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    listRv = token.rv;
    items = items.filter(o => objectKey(o) > token.start);
  }
  const limit = Number(q.get('limit') ?? 0);
  let continueToken: string | undefined;
  let remaining: number | undefined;
  if (limit > 0 && items.length > limit) {
    remaining = items.length - limit;
    items = items.slice(0, limit);
    continueToken = encodeContinue({
      rv: listRv,
      start: objectKey(items[items.length - 1]),
    });
  }
  const metadata = {
    resourceVersion: String(listRv),
    continue: continueToken,
    remainingItemCount:
      remaining !== undefined && !labels.length && !fields.length
        ? remaining
        : undefined,
  };
  if (table) {
    return toTable(rt, items, {
      include: table.include,
      now: request.now,
      resourceVersion: metadata.resourceVersion,
      continue: continueToken,
    });
  }
  if (!rt.custom) {
    // Typed lists from the real server carry no kind/apiVersion on items.
    items = items.map(
      ({ apiVersion: _a, kind: _k, ...rest }) => rest as KubeObject,
    );
  }
  return JSON.parse(
    JSON.stringify({
      kind: `${rt.kind}List`,
      apiVersion: apiVersionOf(rt),
      metadata,
      items,
    }),
  );
}
