import {
  VIRTUAL_RESOURCES,
  ALL_RESOURCES,
  API_GROUPS,
  ResourceType,
  verbsOf,
} from '../k8s/resources';

/**
 * Legacy (unaggregated) discovery documents. kubectl 1.32 first asks for the
 * aggregated `APIGroupDiscoveryList`; answering with plain `application/json`
 * makes client-go fall back to these per-group documents, which is what an
 * API server without aggregated discovery does.
 */

export const KUBERNETES_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T00:00:00Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function resourceEntries(rt: ResourceType): object[] {
  const entries: object[] = [
    {
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: verbsOf(rt),
      shortNames: rt.shortNames.length ? rt.shortNames : undefined,
      categories: rt.categories,
    },
  ];
  if (rt.statusSubresource) {
    entries.push({
      name: `${rt.plural}/status`,
      singularName: '',
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: ['get', 'patch', 'update'],
    });
  }
  if (rt.scaleSubresource) {
    entries.push({
      name: `${rt.plural}/scale`,
      singularName: '',
      namespaced: rt.namespaced,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
  }
  return entries;
}

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(group: string, version: string): object {
  const gv = { groupVersion: `${group}/${version}`, version };
  return { name: group, versions: [gv], preferredVersion: gv };
}

export function apiGroupList(): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: API_GROUPS.map(g => groupDoc(g.group, g.version)),
  };
}

export function apiGroup(group: string): object | undefined {
  const g = API_GROUPS.find(x => x.group === group);
  return (
    g && { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g.group, g.version) }
  );
}

export function apiResourceList(
  group: string,
  version: string,
): object | undefined {
  const known =
    (group === '' && version === 'v1') ||
    API_GROUPS.some(g => g.group === group && g.version === version);
  if (!known) {
    return undefined;
  }
  return JSON.parse(
    JSON.stringify({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: group ? `${group}/${version}` : version,
      resources: [...ALL_RESOURCES, ...VIRTUAL_RESOURCES]
        .filter(rt => rt.group === group && rt.version === version)
        .flatMap(resourceEntries),
    }),
  );
}
