import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonArray } from '@backstage/types';
import { readClusterConfigs } from './ClusterConfig';

function read(clusterLocatorMethods: JsonArray) {
  const logger = mockServices.logger.mock();
  const clusters = readClusterConfigs(
    new ConfigReader({ kubernetes: { clusterLocatorMethods } }),
    logger,
  );
  return { clusters, warnings: logger.warn.mock.calls.map(c => c[0]) };
}

describe('readClusterConfigs', () => {
  it('reads service-account clusters, with the token at the top or under authMetadata', () => {
    const { clusters, warnings } = read([
      {
        type: 'config',
        clusters: [
          {
            name: 'staging',
            url: 'https://staging.example.com',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'token-a',
          },
          {
            name: 'production',
            title: 'Production',
            url: 'https://production.example.com',
            skipTLSVerify: true,
            caData: 'Y2E=',
            authMetadata: {
              'kubernetes.io/auth-provider': 'serviceAccount',
              serviceAccountToken: 'token-b',
            },
          },
        ],
      },
    ]);
    expect(warnings).toEqual([]);
    expect(clusters).toEqual([
      {
        name: 'staging',
        url: 'https://staging.example.com',
        skipTLSVerify: false,
        serviceAccountToken: 'token-a',
      },
      {
        name: 'production',
        title: 'Production',
        url: 'https://production.example.com',
        skipTLSVerify: true,
        caData: 'Y2E=',
        serviceAccountToken: 'token-b',
      },
    ]);
  });

  it('leaves out, with a warning naming it, what it cannot act on', () => {
    const { clusters, warnings } = read([
      { type: 'gke', projectId: 'p' },
      {
        type: 'config',
        clusters: [
          {
            name: 'oidc',
            url: 'https://oidc.example.com',
            authProvider: 'oidc',
          },
          {
            name: 'no-token',
            url: 'https://no-token.example.com',
            authProvider: 'serviceAccount',
          },
        ],
      },
    ]);
    expect(clusters).toEqual([]);
    expect(warnings).toEqual([
      "Cluster locator method 'gke' is not supported by the delivery plugin; its clusters are left out",
      "Cluster 'oidc' does not use authProvider 'serviceAccount' with a serviceAccountToken; the delivery plugin leaves it out",
      "Cluster 'no-token' does not use authProvider 'serviceAccount' with a serviceAccountToken; the delivery plugin leaves it out",
    ]);
  });
});
