import { Entity } from '@backstage/catalog-model';
import { DEMO_SERVICES } from '@internal/sandbox';

/** The team owning a sandbox namespace, as in catalog/org.yaml. */
export const TEAM_OF_NAMESPACE: Record<string, string> = {
  storefront: 'group:default/team-storefront',
  checkout: 'group:default/team-checkout',
  fulfilment: 'group:default/team-fulfilment',
};

/** A service Component owned by `owner`. */
export function component(
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

/**
 * The catalog entities of the sandbox's demo services, annotated like
 * catalog/services.yaml, plus a few edge cases: one without annotations, and
 * a second entity claiming payments-api in production by a label selector.
 */
export function catalogEntities(): Entity[] {
  return [
    ...DEMO_SERVICES.map(service =>
      component(service.name, TEAM_OF_NAMESPACE[service.namespace], {
        'backstage.io/kubernetes-id': service.name,
        'backstage.io/kubernetes-namespace': service.namespace,
      }),
    ),
    component('legacy-monolith', 'group:default/team-checkout', {}),
    component('payments-api-production', 'group:default/team-checkout', {
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/name=payments-api',
      'backstage.io/kubernetes-cluster': 'production',
    }),
  ];
}

/**
 * The demo services with each rollout claimed by exactly one entity, as
 * actions need: a rollout two entities claim is refused.
 */
export function singlyClaimedEntities(): Entity[] {
  return catalogEntities().filter(
    e => e.metadata.name !== 'payments-api-production',
  );
}
