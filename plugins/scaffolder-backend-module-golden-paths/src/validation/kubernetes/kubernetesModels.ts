import * as argoRolloutsV1alpha1 from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1';
import * as admissionregistrationV1 from 'kubernetes-models/admissionregistration.k8s.io/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV1 from 'kubernetes-models/autoscaling/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as coordinationV1 from 'kubernetes-models/coordination.k8s.io/v1';
import * as discoveryV1 from 'kubernetes-models/discovery.k8s.io/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as schedulingV1 from 'kubernetes-models/scheduling.k8s.io/v1';
import * as storageV1 from 'kubernetes-models/storage.k8s.io/v1';
import * as coreV1 from 'kubernetes-models/v1';

/** A model class of `kubernetes-models`: construct it with an object, then `validate()` throws on a schema violation. */
export interface KubernetesModelClass {
  apiVersion: string;
  kind: string;
  new (data: any): { validate(): void };
}

const GROUP_VERSIONS: Array<Record<string, unknown>> = [
  coreV1,
  appsV1,
  batchV1,
  autoscalingV1,
  autoscalingV2,
  policyV1,
  networkingV1,
  rbacV1,
  schedulingV1,
  storageV1,
  coordinationV1,
  discoveryV1,
  admissionregistrationV1,
  argoRolloutsV1alpha1,
];

function isModelClass(value: unknown): value is KubernetesModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<KubernetesModelClass>).apiVersion === 'string' &&
    typeof (value as Partial<KubernetesModelClass>).kind === 'string'
  );
}

let registry: Map<string, KubernetesModelClass> | undefined;

/**
 * The schema models of the stable Kubernetes API groups and of Argo Rollouts
 * (`argoproj.io/v1alpha1`), keyed by `apiVersion` and `kind`.
 */
export function kubernetesModelFor(
  apiVersion: string,
  kind: string,
): KubernetesModelClass | undefined {
  if (!registry) {
    registry = new Map();
    for (const exports of GROUP_VERSIONS) {
      for (const value of Object.values(exports)) {
        if (isModelClass(value)) {
          registry.set(`${value.apiVersion}/${value.kind}`, value);
        }
      }
    }
  }
  return registry.get(`${apiVersion}/${kind}`);
}
