import { KubeConfig } from '@kubernetes/client-node';
import { ClusterConfig } from './ClusterConfig';

/** A KubeConfig for one configured cluster, authenticated by its service account token. */
export function kubeConfigOf(cluster: ClusterConfig): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        // The client refuses plain-HTTP URLs unless told to skip TLS
        // verification, of which there is none over HTTP anyway.
        skipTLSVerify:
          cluster.skipTLSVerify || new URL(cluster.url).protocol === 'http:',
        caData: cluster.caData,
      },
    ],
    users: [{ name: 'backstage', token: cluster.serviceAccountToken }],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: 'backstage' },
    ],
    currentContext: cluster.name,
  });
  return kubeConfig;
}
