import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';

/**
 * The annotations the delivery plugins read. They are the Kubernetes plugin's
 * own, so one set of annotations serves both; `@backstage/plugin-kubernetes-common`
 * exports the first two, the plugin reads the namespace and cluster ones by
 * their names.
 *
 * @public
 */
export const DELIVERY_ANNOTATIONS = {
  /** Matches the `backstage.io/kubernetes-id` label on the workloads. */
  kubernetesId: KUBERNETES_ANNOTATION,
  /** Namespace of the workloads; all namespaces when absent. */
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
  /** A label selector used instead of the kubernetes-id label. */
  kubernetesLabelSelector: KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
  /** Restricts the entity to one configured cluster. */
  kubernetesCluster: 'backstage.io/kubernetes-cluster',
  /**
   * On a Rollout (not an entity): the ref of the catalog entity it belongs
   * to, e.g. `component:default/cart-api`. Where it is set, actions are
   * taken only through that entity, whatever other entities claim.
   */
  owningEntity: 'delivery/owning-entity',
  /**
   * The entity's canary metrics for release health: a YAML or JSON list of
   * metric definitions replacing the default HTTP metrics (see the delivery
   * backend's README).
   */
  canaryMetrics: 'delivery/canary-metrics',
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
