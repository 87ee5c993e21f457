/*
 * Measures the delivery rollout-status endpoint beside the stock Kubernetes
 * backend's objects-by-entity endpoint, for the same entity, in one run.
 *
 *   cd plugins/delivery-backend
 *   node -r @backstage/cli/config/nodeTransform.cjs scripts/bench-rollouts.ts \
 *     [--services 200] [--connections 50] [--duration 10] [--entity svc-0001]
 *
 * It needs nothing running: it starts the sandbox (two clusters, the demo
 * services plus N synthetic ones) and an in-process backend with both plugins
 * on free loopback ports, runs autocannon against each endpoint in turn and
 * prints requests per second and p99 latency.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { startSandbox } from '@internal/sandbox';
import autocannon from 'autocannon';
import knexFactory from 'knex';
import { deliveryPlugin } from '../src/plugin';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const services = Number(option('services', '200'));
const connections = Number(option('connections', '50'));
const duration = Number(option('duration', '10'));
const entityName = option('entity', 'svc-0001');

function out(line: string) {
  process.stdout.write(`${line}\n`);
}

async function measure(
  title: string,
  request: { url: string; method: 'GET' | 'POST'; body?: string },
) {
  const result = await autocannon({
    url: request.url,
    method: request.method,
    body: request.body,
    headers: { 'content-type': 'application/json' },
    connections,
    duration,
  });
  out(
    `${title.padEnd(58)} ${result.requests.average
      .toFixed(1)
      .padStart(9)} req/s   p99 ${String(result.latency.p99).padStart(
      5,
    )} ms   ${result.requests.total} requests: ${result.non2xx} non-2xx, ${
      result.errors
    } errors, ${result.timeouts} timeouts`,
  );
  return result;
}

async function main() {
  out(
    `starting the sandbox with ${services} synthetic services per cluster...`,
  );
  const sandbox = await startSandbox({
    ports: { control: 0, clusters: { staging: 0, production: 0 } },
  });
  await sandbox.seedSyntheticServices(services);

  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: entityName,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': entityName },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-bench' },
  };
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });

  const backend = await startTestBackend({
    features: [
      deliveryPlugin,
      kubernetesPlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: Object.values(sandbox.clusters).map(cluster => ({
                  name: cluster.name,
                  url: cluster.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: cluster.token,
                  skipMetricsLookup: true,
                })),
              },
            ],
            customResources: [
              {
                group: 'argoproj.io',
                apiVersion: 'v1alpha1',
                plural: 'rollouts',
              },
              {
                group: 'argoproj.io',
                apiVersion: 'v1alpha1',
                plural: 'analysisruns',
              },
            ],
          },
        },
      }),
    ],
  });
  const address = backend.server.address();
  const base = `http://127.0.0.1:${
    typeof address === 'object' && address ? address.port : 0
  }/api`;

  const delivery = {
    url: `${base}/delivery/entities/component/default/${entityName}/rollouts`,
    method: 'GET' as const,
  };
  const kubernetes = {
    url: `${base}/kubernetes/services/${entityName}`,
    method: 'POST' as const,
    body: JSON.stringify({ entity }),
  };

  // One request each first, so that a broken setup fails loudly.
  for (const [name, req] of Object.entries({ delivery, kubernetes })) {
    const res = await fetch(req.url, {
      method: req.method,
      body: 'body' in req ? req.body : undefined,
      headers: { 'content-type': 'application/json' },
    });
    if (!res.ok) {
      throw new Error(`${name} answered ${res.status}: ${await res.text()}`);
    }
  }

  out(
    `entity component:default/${entityName}, ${connections} connections, ${duration}s each, ${services} synthetic services in each of ${
      Object.keys(sandbox.clusters).length
    } clusters`,
  );
  await measure(
    `GET  /api/delivery/entities/.../${entityName}/rollouts`,
    delivery,
  );
  await measure(`POST /api/kubernetes/services/${entityName}`, kubernetes);

  await backend.stop();
  await knex.destroy();
  await sandbox.stop();
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
