import { KubeObject, isPlainObject } from './types';

/**
 * Defaulting the real API server applies to built-in kinds (a subset of
 * k8s.io/kubernetes/pkg/apis/.../v1/defaults.go). Custom resources get no
 * defaults, exactly like CRDs without `default:` in their schema.
 */

function defaultContainer(container: any): void {
  if (!isPlainObject(container)) {
    return;
  }
  const image = String(container.image ?? '');
  container.imagePullPolicy ??=
    image.endsWith(':latest') || !/:[^/]+$/.test(image)
      ? 'Always'
      : 'IfNotPresent';
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.resources ??= {};
  for (const port of container.ports ?? []) {
    if (isPlainObject(port)) {
      port.protocol ??= 'TCP';
    }
  }
  for (const probe of [
    container.readinessProbe,
    container.livenessProbe,
    container.startupProbe,
  ]) {
    if (isPlainObject(probe)) {
      probe.timeoutSeconds ??= 1;
      probe.periodSeconds ??= 10;
      probe.successThreshold ??= 1;
      probe.failureThreshold ??= 3;
      if (isPlainObject(probe.httpGet)) probe.httpGet.scheme ??= 'HTTP';
    }
  }
}

export function defaultPodSpec(spec: any): void {
  if (!isPlainObject(spec)) {
    return;
  }
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of spec.containers ?? []) {
    defaultContainer(c);
  }
  for (const c of spec.initContainers ?? []) {
    defaultContainer(c);
  }
}

let nextClusterIp = 0;

function allocateClusterIp(): string {
  const n = nextClusterIp++;
  return `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
}

function defaultService(obj: KubeObject, existing?: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type !== 'ExternalName') {
    spec.clusterIP ??= existing?.spec?.clusterIP ?? allocateClusterIp();
    spec.clusterIPs ??= existing?.spec?.clusterIPs ?? [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  for (const port of spec.ports ?? []) {
    if (isPlainObject(port)) {
      port.protocol ??= 'TCP';
      port.targetPort ??= port.port;
    }
  }
  obj.status ??= { loadBalancer: {} };
}

function defaultWorkload(
  obj: KubeObject,
  kind: 'Deployment' | 'ReplicaSet',
): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  if (kind === 'Deployment') {
    spec.strategy ??= { type: 'RollingUpdate' };
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate ??= {};
      spec.strategy.rollingUpdate.maxSurge ??= '25%';
      spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
  }
  defaultPodSpec(spec.template?.spec);
}

/** The Secret strategy: `stringData` is write-only, merged into `data` as base64. */
function defaultSecret(obj: KubeObject): void {
  obj.type ??= 'Opaque';
  if (isPlainObject(obj.stringData)) {
    obj.data = { ...obj.data };
    for (const [key, value] of Object.entries(obj.stringData)) {
      obj.data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
  }
  delete obj.stringData;
}

/**
 * Job defaults (batch/v1 defaults.go) and, on create, the generated selector
 * and pod labels of the Job strategy (manualSelector unset).
 */
function defaultJob(obj: KubeObject, existing?: KubeObject): void {
  const spec = (obj.spec ??= {});
  spec.parallelism ??= 1;
  spec.completions ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  const uid = existing?.metadata.uid ?? obj.metadata.uid;
  if (!existing && uid && !spec.manualSelector) {
    const generated = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': obj.metadata.name!,
      'controller-uid': uid,
      'job-name': obj.metadata.name!,
    };
    spec.selector ??= {
      matchLabels: { 'batch.kubernetes.io/controller-uid': uid },
    };
    spec.template ??= {};
    spec.template.metadata = {
      ...spec.template.metadata,
      labels: { ...spec.template.metadata?.labels, ...generated },
    };
  }
  defaultPodSpec(spec.template?.spec);
}

/** Applies defaults in place. `existing` is the stored object on updates. */
export function applyDefaults(
  plural: string,
  obj: KubeObject,
  existing?: KubeObject,
): void {
  switch (plural) {
    case 'namespaces':
      obj.metadata.labels = {
        ...obj.metadata.labels,
        'kubernetes.io/metadata.name': obj.metadata.name!,
      };
      obj.spec ??= { finalizers: ['kubernetes'] };
      obj.status ??= existing?.status ?? { phase: 'Active' };
      break;
    case 'services':
      defaultService(obj, existing);
      break;
    case 'pods':
      obj.spec ??= {};
      defaultPodSpec(obj.spec);
      break;
    case 'deployments':
      defaultWorkload(obj, 'Deployment');
      break;
    case 'replicasets':
      defaultWorkload(obj, 'ReplicaSet');
      break;
    case 'secrets':
      defaultSecret(obj);
      break;
    case 'jobs':
      defaultJob(obj, existing);
      break;
    default:
      break;
  }
}
