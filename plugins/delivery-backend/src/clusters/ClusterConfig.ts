import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/**
 * A cluster the delivery backend reads Rollouts from and acts on: the fields
 * of the Kubernetes plugin's `ClusterDetails` it uses, plus the
 * service-account token it acts with.
 */
export interface ClusterConfig
  extends Pick<ClusterDetails, 'name' | 'title' | 'url' | 'caData'> {
  skipTLSVerify: boolean;
  serviceAccountToken: string;
}

/**
 * The delivery backend's view of a cluster the Kubernetes plugin knows, or
 * why it cannot act on it: only service-account authentication can act on
 * behalf of the portal.
 */
export function deliveryClusterOf(
  cluster: ClusterDetails,
): ClusterConfig | { unsupported: string } {
  const authProvider =
    cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  const token = cluster.authMetadata.serviceAccountToken;
  if (authProvider !== 'serviceAccount' || !token) {
    return {
      unsupported: `Cluster '${cluster.name}' does not use authProvider 'serviceAccount' with a serviceAccountToken; the delivery plugin leaves it out`,
    };
  }
  return {
    name: cluster.name,
    title: cluster.title,
    url: cluster.url,
    skipTLSVerify: cluster.skipTLSVerify ?? false,
    caData: cluster.caData,
    serviceAccountToken: token,
  };
}

/**
 * Reads the clusters from the Kubernetes plugin's own configuration
 * (`kubernetes.clusterLocatorMethods[]` of type `config`) into its
 * `ClusterDetails` shape, so one list of clusters serves both plugins.
 * Clusters the delivery backend cannot act on are left out with a warning.
 */
export function readClusterConfigs(
  config: Config,
  logger: LoggerService,
): ClusterConfig[] {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const clusters: ClusterConfig[] = [];
  for (const method of methods) {
    const type = method.getString('type');
    if (type !== 'config') {
      logger.warn(
        `Cluster locator method '${type}' is not supported by the delivery plugin; its clusters are left out`,
      );
      continue;
    }
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const delivery = deliveryClusterOf(clusterDetailsOf(cluster));
      if ('unsupported' in delivery) {
        logger.warn(delivery.unsupported);
      } else {
        clusters.push(delivery);
      }
    }
  }
  return clusters;
}

/**
 * One entry of a `config` cluster locator, read as the Kubernetes plugin's
 * config locator reads it: `authProvider` and `serviceAccountToken` may sit
 * at the top (older configs) or under `authMetadata`.
 */
function clusterDetailsOf(cluster: Config): ClusterDetails {
  const authMetadata =
    cluster.getOptional<Record<string, string>>('authMetadata') ?? {};
  const authProvider = cluster.getOptionalString('authProvider');
  const token = cluster.getOptionalString('serviceAccountToken');
  return {
    name: cluster.getString('name'),
    title: cluster.getOptionalString('title'),
    url: cluster.getString('url'),
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify'),
    caData: cluster.getOptionalString('caData'),
    authMetadata: {
      ...authMetadata,
      ...(authProvider && {
        [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
      }),
      ...(token && { serviceAccountToken: token }),
    },
  };
}
