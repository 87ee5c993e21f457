import { createHash } from 'node:crypto';
import { ALL_RESOURCES, API_GROUPS, ResourceType } from '../k8s/resources';

/**
 * Minimal OpenAPI v3 documents. kubectl reads them only to learn that the
 * server validates fields itself (the `fieldValidation` query parameter on
 * PATCH operations); it then skips client-side schema validation, so no
 * schemas are needed. OpenAPI v2 is not served, like a server that has it
 * disabled.
 */

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function operation(rt: ResourceType, verb: string): object {
  return {
    operationId: `${verb}${rt.kind}`,
    'x-kubernetes-action': verb,
    'x-kubernetes-group-version-kind': {
      group: rt.group,
      version: rt.version,
      kind: rt.kind,
    },
    parameters: [
      { name: 'dryRun', in: 'query', schema: { type: 'string' } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string' } },
      { name: 'fieldValidation', in: 'query', schema: { type: 'string' } },
      { name: 'force', in: 'query', schema: { type: 'boolean' } },
    ],
    responses: { '200': { description: 'OK' } },
  };
}

function document(group: string, version: string): object {
  const paths: Record<string, object> = {};
  for (const rt of ALL_RESOURCES.filter(
    r => r.group === group && r.version === version,
  )) {
    const base = `/${gvPath(group, version)}${
      rt.namespaced ? '/namespaces/{namespace}' : ''
    }/${rt.plural}`;
    paths[base] = { post: operation(rt, 'post') };
    paths[`${base}/{name}`] = {
      get: operation(rt, 'get'),
      put: operation(rt, 'put'),
      patch: operation(rt, 'patch'),
      delete: operation(rt, 'delete'),
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0-sandbox' },
    paths,
    components: { schemas: {} },
  };
}

const GROUP_VERSIONS = [{ group: '', version: 'v1' }, ...API_GROUPS];

export function openApiV3Root(): object {
  const paths: Record<string, object> = {};
  for (const { group, version } of GROUP_VERSIONS) {
    const hash = createHash('sha512')
      .update(JSON.stringify(document(group, version)))
      .digest('hex')
      .slice(0, 32)
      .toUpperCase();
    paths[gvPath(group, version)] = {
      serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hash}`,
    };
  }
  return { paths };
}

export function openApiV3Document(path: string): object | undefined {
  const gv = GROUP_VERSIONS.find(g => gvPath(g.group, g.version) === path);
  return gv && document(gv.group, gv.version);
}
