import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { CicdProvider } from './CicdProvider';

/**
 * Lets a module add CI/CD providers to the delivery backend.
 *
 * @public
 */
export interface DeliveryCicdProvidersExtensionPoint {
  addCicdProvider(...providers: CicdProvider[]): void;
}

/**
 * The extension point for CI/CD providers, in the shape of the Kubernetes
 * backend's: a module depends on it and adds its provider in `registerInit`.
 *
 * @public
 */
export const deliveryCicdProvidersExtensionPoint =
  createExtensionPoint<DeliveryCicdProvidersExtensionPoint>({
    id: 'delivery.cicd-providers',
  });
