import { ResourceType } from '../k8s/resources';
import { KubeObject, parseTime } from '../k8s/types';

/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io`),
 * which is how kubectl gets its columns. Columns follow the upstream printers
 * for built-in kinds and the CRDs' additionalPrinterColumns for Argo kinds.
 */

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  description?: string;
  cell: (o: KubeObject, now: number) => unknown;
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration */
export function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0
      ? `${Math.floor(hours / 24)}d`
      : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}

function age(o: KubeObject, now: number): string {
  const created = parseTime(o.metadata.creationTimestamp);
  return created === undefined ? '<unknown>' : humanDuration(now - created);
}

const NAME: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: o => o.metadata.name,
};
const AGE: Column = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: age,
};

function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const waiting = (pod.status?.containerStatuses ?? []).find(
    (c: any) => c.state?.waiting?.reason,
  );
  if (waiting) return waiting.state.waiting.reason;
  return pod.status?.phase ?? 'Pending';
}

function podReady(pod: KubeObject): string {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  return `${statuses.filter((c: any) => c.ready).length}/${total}`;
}

function servicePorts(svc: KubeObject): string {
  const ports = svc.spec?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports
    .map(
      (p: any) =>
        `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

function selectorString(sel: Record<string, string> | undefined): string {
  const entries = Object.entries(sel ?? {});
  return entries.length
    ? entries.map(([k, v]) => `${k}=${v}`).join(',')
    : '<none>';
}

function containers(o: KubeObject, field: 'name' | 'image'): string {
  return (o.spec?.template?.spec?.containers ?? [])
    .map((c: any) => c[field])
    .join(',');
}

function int(path: (o: KubeObject) => unknown): (o: KubeObject) => unknown {
  return o => {
    const v = path(o);
    return typeof v === 'number' ? v : 0;
  };
}

const COLUMNS: Record<string, Column[]> = {
  pods: [
    NAME,
    {
      name: 'Ready',
      type: 'string',
      description:
        'The aggregate readiness state of this pod for accepting traffic.',
      cell: podReady,
    },
    {
      name: 'Status',
      type: 'string',
      description: 'The aggregate status of the containers in this pod.',
      cell: podStatus,
    },
    {
      name: 'Restarts',
      type: 'string',
      description:
        'The number of times the containers in this pod have been restarted.',
      cell: o =>
        String(
          (o.status?.containerStatuses ?? []).reduce(
            (n: number, c: any) => n + (c.restartCount ?? 0),
            0,
          ),
        ),
    },
    AGE,
    {
      name: 'IP',
      type: 'string',
      priority: 1,
      cell: o => o.status?.podIP ?? '<none>',
    },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      cell: o => o.spec?.nodeName ?? '<none>',
    },
  ],
  services: [
    NAME,
    { name: 'Type', type: 'string', cell: o => o.spec?.type ?? 'ClusterIP' },
    {
      name: 'Cluster-IP',
      type: 'string',
      cell: o => o.spec?.clusterIP ?? '<none>',
    },
    { name: 'External-IP', type: 'string', cell: () => '<none>' },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    AGE,
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      cell: o => selectorString(o.spec?.selector),
    },
  ],
  deployments: [
    NAME,
    {
      name: 'Ready',
      type: 'string',
      cell: o => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      cell: int(o => o.status?.updatedReplicas),
    },
    {
      name: 'Available',
      type: 'integer',
      cell: int(o => o.status?.availableReplicas),
    },
    AGE,
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      cell: o => containers(o, 'name'),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      cell: o => containers(o, 'image'),
    },
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      cell: o => selectorString(o.spec?.selector?.matchLabels),
    },
  ],
  replicasets: [
    NAME,
    { name: 'Desired', type: 'integer', cell: int(o => o.spec?.replicas) },
    { name: 'Current', type: 'integer', cell: int(o => o.status?.replicas) },
    { name: 'Ready', type: 'integer', cell: int(o => o.status?.readyReplicas) },
    AGE,
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      cell: o => containers(o, 'name'),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      cell: o => containers(o, 'image'),
    },
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      cell: o => selectorString(o.spec?.selector?.matchLabels),
    },
  ],
  namespaces: [
    NAME,
    { name: 'Status', type: 'string', cell: o => o.status?.phase ?? 'Active' },
    AGE,
  ],
  configmaps: [
    NAME,
    {
      name: 'Data',
      type: 'string',
      cell: o =>
        String(
          Object.keys(o.data ?? {}).length +
            Object.keys(o.binaryData ?? {}).length,
        ),
    },
    AGE,
  ],
  events: [
    {
      name: 'Last Seen',
      type: 'string',
      cell: (o, now) => {
        const t = parseTime(
          o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp,
        );
        return t === undefined ? '<unknown>' : humanDuration(now - t);
      },
    },
    { name: 'Type', type: 'string', cell: o => o.type ?? '' },
    { name: 'Reason', type: 'string', cell: o => o.reason ?? '' },
    {
      name: 'Object',
      type: 'string',
      cell: o =>
        `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${
          o.involvedObject?.name ?? ''
        }`,
    },
    { name: 'Message', type: 'string', cell: o => o.message ?? '' },
  ],
  rollouts: [
    NAME,
    {
      name: 'Desired',
      type: 'integer',
      description: 'Number of desired pods',
      cell: o => o.spec?.replicas,
    },
    {
      name: 'Current',
      type: 'integer',
      description:
        'Total number of non-terminated pods targeted by this rollout',
      cell: o => o.status?.replicas,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      cell: o => o.status?.updatedReplicas,
    },
    {
      name: 'Available',
      type: 'integer',
      cell: o => o.status?.availableReplicas,
    },
    { ...AGE, type: 'date' },
  ],
  analysisruns: [
    NAME,
    {
      name: 'Status',
      type: 'string',
      description: 'AnalysisRun status',
      cell: o => o.status?.phase,
    },
    { ...AGE, type: 'date' },
  ],
  analysistemplates: [NAME, { ...AGE, type: 'date' }],
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(o: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: o.metadata,
  };
}

export function toTable(
  rt: ResourceType,
  objects: KubeObject[],
  options: {
    resourceVersion?: string;
    continue?: string;
    include: IncludeObject;
    noHeaders?: boolean;
    now: number;
  },
): object {
  const columns = COLUMNS[rt.plural] ?? [NAME, AGE];
  const table = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      resourceVersion: options.resourceVersion,
      continue: options.continue || undefined,
    },
    columnDefinitions: options.noHeaders
      ? null
      : columns.map(c => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.description ?? '',
          priority: c.priority ?? 0,
        })),
    rows: objects.map(o => ({
      cells: columns.map(c => {
        const v = c.cell(o, options.now);
        return v === undefined ? null : v;
      }),
      object: rowObject(o, options.include),
    })),
  };
  return JSON.parse(JSON.stringify(table));
}

/** Whether an Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}
