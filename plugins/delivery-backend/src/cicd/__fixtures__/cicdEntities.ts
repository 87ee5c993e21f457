import { Entity } from '@backstage/catalog-model';
import { CART_SOURCE } from './cdEvents';

/** cart-api reports its CDEvents from its repository; orders-api does not. */
export function cicdEntities(): Entity[] {
  const component = (
    name: string,
    annotations: Record<string, string>,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-checkout',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-checkout' }],
  });
  return [
    component('cart-api', {
      'platform-portal/cdevents-source': CART_SOURCE,
      'github.com/project-slug': 'acme/cart-api',
    }),
    component('orders-api', {}),
  ];
}
