import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** A cluster the delivery backend reads Rollouts from and acts on. */
export interface ClusterConfig {
  name: string;
  url: string;
  serviceAccountToken: string;
  skipTLSVerify: boolean;
  caData?: string;
}

/**
 * Reads the clusters from the Kubernetes plugin's own configuration
 * (`kubernetes.clusterLocatorMethods[]` of type `config`), so one list of
 * clusters serves both plugins. Only service-account authentication can act
 * on behalf of the portal; clusters configured otherwise are left out.
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
      const name = cluster.getString('name');
      // Newer Kubernetes plugin configs put these under authMetadata.
      const authMetadata =
        cluster.getOptional<Record<string, string>>('authMetadata') ?? {};
      const authProvider =
        cluster.getOptionalString('authProvider') ??
        authMetadata['kubernetes.io/auth-provider'];
      const token =
        cluster.getOptionalString('serviceAccountToken') ??
        authMetadata.serviceAccountToken;
      if (authProvider !== 'serviceAccount' || !token) {
        logger.warn(
          `Cluster '${name}' does not use authProvider 'serviceAccount' with a serviceAccountToken; the delivery plugin leaves it out`,
        );
        continue;
      }
      clusters.push({
        name,
        url: cluster.getString('url'),
        serviceAccountToken: token,
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        caData: cluster.getOptionalString('caData'),
      });
    }
  }
  return clusters;
}
