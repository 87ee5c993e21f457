import YAML from 'yaml';

export interface KubeconfigCluster {
  name: string;
  httpsUrl: string;
  certificateAuthorityData: string;
  token: string;
}

/**
 * A kubeconfig for kubectl. It points at the https side of each cluster port
 * because kubectl refuses to send bearer tokens over plain http.
 */
export function renderKubeconfig(
  clusters: KubeconfigCluster[],
  options: { namespace?: string; current?: string } = {},
): string {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: clusters.map(c => ({
      name: c.name,
      cluster: {
        server: c.httpsUrl,
        'certificate-authority-data': c.certificateAuthorityData,
      },
    })),
    users: clusters.map(c => ({
      name: `${c.name}-admin`,
      user: { token: c.token },
    })),
    contexts: clusters.map(c => ({
      name: c.name,
      context: {
        cluster: c.name,
        user: `${c.name}-admin`,
        namespace: options.namespace ?? 'default',
      },
    })),
    'current-context': options.current ?? clusters[0]?.name ?? '',
  };
  return YAML.stringify(config);
}
