import { Entity } from '@backstage/catalog-model';

/**
 * The annotations the delivery plugins read. They are the Kubernetes plugin's
 * own, so one set of annotations serves both.
 *
 * @public
 */
export const DELIVERY_ANNOTATIONS = {
  /** Matches the `backstage.io/kubernetes-id` label on the workloads. */
  kubernetesId: 'backstage.io/kubernetes-id',
  /** Namespace of the workloads; all namespaces when absent. */
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
  /** A label selector used instead of the kubernetes-id label. */
  kubernetesLabelSelector: 'backstage.io/kubernetes-label-selector',
  /** Restricts the entity to one configured cluster. */
  kubernetesCluster: 'backstage.io/kubernetes-cluster',
} as const;

/**
 * Whether the entity carries an annotation the delivery plugins can use to
 * find its rollouts.
 *
 * @public
 */
export function isDeliveryAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[DELIVERY_ANNOTATIONS.kubernetesId] ||
      annotations[DELIVERY_ANNOTATIONS.kubernetesLabelSelector],
  );
}
