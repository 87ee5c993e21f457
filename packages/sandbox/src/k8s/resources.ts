/**
 * The resource types the sandbox serves, with the discovery facts clients use
 * (plural, kind, short names, verbs) and the storage semantics that differ
 * between built-in kinds and custom resources.
 */

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** Custom resources: no strategic merge patch, generation on every spec change. */
  custom: boolean;
  /** Whether the type has a /status subresource (main endpoint then ignores status). */
  statusSubresource: boolean;
  /** Whether the type has a /scale subresource. */
  scaleSubresource?: {
    specReplicasPath: string;
    statusReplicasPath: string;
    labelSelectorPath?: string;
  };
  /** Whether metadata.generation is maintained. */
  generation: boolean;
  categories?: string[];
}

const VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export function verbsOf(rt: ResourceType): string[] {
  return rt.group === 'metrics.k8s.io' ? ['get', 'list'] : VERBS;
}

export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** Unique key of a resource type, e.g. `pods`, `deployments.apps`. */
export function resourceKey(rt: ResourceType): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

/** `Pod`, `Deployment.apps`: the qualified kind used in Invalid errors. */
export function qualifiedKind(rt: ResourceType): string {
  return rt.group ? `${rt.kind}.${rt.group}` : rt.kind;
}

function core(
  kind: string,
  plural: string,
  shortNames: string[],
  namespaced = true,
  statusSubresource = false,
): ResourceType {
  return {
    group: '',
    version: 'v1',
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced,
    custom: false,
    statusSubresource,
    generation: false,
    categories: ['all'],
  };
}

export const NAMESPACES: ResourceType = {
  ...core('Namespace', 'namespaces', ['ns'], false, true),
  categories: undefined,
};
export const PODS = core('Pod', 'pods', ['po'], true, true);
export const SERVICES = core('Service', 'services', ['svc'], true, true);
export const EVENTS: ResourceType = {
  ...core('Event', 'events', ['ev']),
  categories: undefined,
};
export const CONFIGMAPS: ResourceType = {
  ...core('ConfigMap', 'configmaps', ['cm']),
  categories: undefined,
};

export const DEPLOYMENTS: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  singular: 'deployment',
  shortNames: ['deploy'],
  namespaced: true,
  custom: false,
  statusSubresource: true,
  scaleSubresource: {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.status.selector',
  },
  generation: true,
  categories: ['all'],
};

export const REPLICASETS: ResourceType = {
  ...DEPLOYMENTS,
  kind: 'ReplicaSet',
  plural: 'replicasets',
  singular: 'replicaset',
  shortNames: ['rs'],
};

export const ROLLOUTS: ResourceType = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  kind: 'Rollout',
  plural: 'rollouts',
  singular: 'rollout',
  shortNames: ['ro'],
  namespaced: true,
  custom: true,
  statusSubresource: true,
  // Same paths as the upstream CRD.
  scaleSubresource: {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.HPAReplicas',
    labelSelectorPath: '.status.selector',
  },
  generation: true,
};

export const ANALYSISRUNS: ResourceType = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  kind: 'AnalysisRun',
  plural: 'analysisruns',
  singular: 'analysisrun',
  shortNames: ['ar'],
  namespaced: true,
  custom: true,
  // The upstream CRD declares `subresources: {}`: status is written through
  // the main endpoint and every non-metadata change bumps the generation.
  statusSubresource: false,
  generation: true,
};

export const ANALYSISTEMPLATES: ResourceType = {
  ...ANALYSISRUNS,
  kind: 'AnalysisTemplate',
  plural: 'analysistemplates',
  singular: 'analysistemplate',
  shortNames: ['at'],
};

/**
 * Kinds that are only stored (no controller acts on them), served so that
 * clients listing them (the Backstage Kubernetes plugin lists all of these
 * for every entity) get empty lists rather than 404s.
 */
function stored(
  group: string,
  version: string,
  kind: string,
  plural: string,
  shortNames: string[],
  options: Partial<ResourceType> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced: true,
    custom: false,
    statusSubresource: !!group && group !== 'argoproj.io',
    generation: !!group,
    ...options,
  };
}

export const SECRETS = stored('', 'v1', 'Secret', 'secrets', [], {
  generation: false,
});

/** Jobs are run by the sandbox's Job controller (controller/jobController.ts). */
export const JOBS = stored('batch', 'v1', 'Job', 'jobs', [], {
  categories: ['all'],
});

export const CLUSTERANALYSISTEMPLATES = stored(
  'argoproj.io',
  'v1alpha1',
  'ClusterAnalysisTemplate',
  'clusteranalysistemplates',
  ['cat'],
  { custom: true, namespaced: false },
);

/**
 * The SMI TrafficSplit CRD at the version Argo Rollouts writes by default
 * (utils/defaults.GetSMIAPIVersion): the SMI traffic router's object.
 */
export const TRAFFICSPLITS = stored(
  'split.smi-spec.io',
  'v1alpha1',
  'TrafficSplit',
  'trafficsplits',
  ['ts'],
  { custom: true, statusSubresource: false },
);

export const INGRESSES = stored(
  'networking.k8s.io',
  'v1',
  'Ingress',
  'ingresses',
  ['ing'],
);

export const STORED_ONLY: ResourceType[] = [
  SECRETS,
  stored('', 'v1', 'LimitRange', 'limitranges', ['limits'], {
    generation: false,
  }),
  stored('', 'v1', 'ResourceQuota', 'resourcequotas', ['quota'], {
    generation: false,
    statusSubresource: true,
  }),
  stored('', 'v1', 'ServiceAccount', 'serviceaccounts', ['sa'], {
    generation: false,
  }),
  stored('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], {
    generation: false,
    statusSubresource: true,
  }),
  stored('', 'v1', 'PersistentVolume', 'persistentvolumes', ['pv'], {
    generation: false,
    statusSubresource: true,
    namespaced: false,
  }),
  stored('apps', 'v1', 'StatefulSet', 'statefulsets', ['sts'], {
    categories: ['all'],
  }),
  stored('apps', 'v1', 'DaemonSet', 'daemonsets', ['ds'], {
    categories: ['all'],
  }),
  stored(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    ['hpa'],
    { categories: ['all'] },
  ),
  JOBS,
  stored('batch', 'v1', 'CronJob', 'cronjobs', ['cj'], { categories: ['all'] }),
  INGRESSES,
  // Golden-path services ship one; the pipelines apply it like any manifest.
  stored('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', [
    'pdb',
  ]),
  stored('argoproj.io', 'v1alpha1', 'Experiment', 'experiments', ['exp'], {
    custom: true,
    statusSubresource: true,
  }),
  CLUSTERANALYSISTEMPLATES,
  TRAFFICSPLITS,
];

export const ALL_RESOURCES: ResourceType[] = [
  NAMESPACES,
  PODS,
  SERVICES,
  EVENTS,
  CONFIGMAPS,
  DEPLOYMENTS,
  REPLICASETS,
  ROLLOUTS,
  ANALYSISRUNS,
  ANALYSISTEMPLATES,
  ...STORED_ONLY,
];

/** The API groups in discovery order (core `""` is served under /api). */
export const API_GROUPS: Array<{ group: string; version: string }> = [
  { group: 'apps', version: 'v1' },
  { group: 'autoscaling', version: 'v2' },
  { group: 'batch', version: 'v1' },
  { group: 'networking.k8s.io', version: 'v1' },
  { group: 'policy', version: 'v1' },
  { group: 'metrics.k8s.io', version: 'v1beta1' },
  { group: 'argoproj.io', version: 'v1alpha1' },
  { group: 'split.smi-spec.io', version: 'v1alpha1' },
];

/**
 * Read-only resources computed on request rather than stored: pod metrics
 * (metrics.k8s.io), which dashboards like the Backstage Kubernetes plugin
 * query next to the pods.
 */
export const POD_METRICS: ResourceType = {
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  kind: 'PodMetrics',
  plural: 'pods',
  singular: '',
  shortNames: [],
  namespaced: true,
  custom: false,
  statusSubresource: false,
  generation: false,
};

export const VIRTUAL_RESOURCES: ResourceType[] = [POD_METRICS];

export function findResource(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return [...ALL_RESOURCES, ...VIRTUAL_RESOURCES].find(
    rt => rt.group === group && rt.version === version && rt.plural === plural,
  );
}

export function findResourceByKind(
  apiVersion: string,
  kind: string,
): ResourceType | undefined {
  return ALL_RESOURCES.find(
    rt => apiVersionOf(rt) === apiVersion && rt.kind === kind,
  );
}
