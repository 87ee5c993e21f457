import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { DELIVERY_ANNOTATIONS } from '@internal/plugin-delivery-common';

/** Where an entity's Rollouts are, read from its Kubernetes annotations. */
export interface EntityRolloutQuery {
  labelSelector: string;
  /** All namespaces when absent. */
  namespace?: string;
  /** All configured clusters when absent. */
  cluster?: string;
}

/**
 * Finds an entity's workloads the way the Kubernetes plugin does: by the
 * `backstage.io/kubernetes-label-selector` annotation, else by the
 * `backstage.io/kubernetes-id` label.
 */
export function entityRolloutQuery(entity: Entity): EntityRolloutQuery {
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[DELIVERY_ANNOTATIONS.kubernetesLabelSelector];
  const id = annotations[DELIVERY_ANNOTATIONS.kubernetesId];
  if (!selector && !id) {
    throw new NotFoundError(
      `Entity ${stringifyEntityRef(entity)} has no '${
        DELIVERY_ANNOTATIONS.kubernetesId
      }' annotation (or '${
        DELIVERY_ANNOTATIONS.kubernetesLabelSelector
      }'); add one to its catalog-info.yaml to see and act on its rollouts`,
    );
  }
  return {
    labelSelector: selector || `${DELIVERY_ANNOTATIONS.kubernetesId}=${id}`,
    namespace:
      annotations[DELIVERY_ANNOTATIONS.kubernetesNamespace] || undefined,
    cluster: annotations[DELIVERY_ANNOTATIONS.kubernetesCluster] || undefined,
  };
}
