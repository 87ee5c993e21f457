/*
 * Measures the delivery endpoints, which read from the watch-fed cache, beside
 * the stock Kubernetes backend's objects-by-entity endpoint, which lists from
 * the clusters on every request, in one run:
 *
 *   cd plugins/delivery-backend
 *   yarn bench [--services 200] [--large-services 2000] [--connections 50] \
 *     [--duration 10] [--entity svc-0001] [--workers 1]
 *
 * 1. With --services synthetic services per cluster: throughput and p99 of
 *    the delivery rollouts endpoint and of the Kubernetes backend for one
 *    entity, and how many requests the clusters received during each run.
 * 2. With --large-services per cluster (0 skips it): the memory the cache
 *    holds, and p50/p99 of the Releases endpoint with the whole catalog.
 *
 * It needs nothing running: it starts the sandbox (two clusters, the demo
 * services plus the synthetic ones) and an in-process backend with both
 * plugins on free loopback ports. `yarn bench` runs node with --expose-gc, so
 * that the cache's memory is measured after garbage collection.
 *
 * The load comes from autocannon in its own worker thread (--workers 0 runs
 * it on the backend's thread), so that the backend's event loop serves
 * requests only, as it does in production; both endpoints are measured the
 * same way. Every figure is printed with the load average of the moment,
 * since other processes on the machine move the tail latencies.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { SandboxCluster } from '@internal/sandbox';
import autocannon from 'autocannon';
import knexFactory from 'knex';
import { ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ClusterRegistry } from '../src/clusters/ClusterRegistry';
import { KubernetesClusterClient } from '../src/clusters/KubernetesClusterClient';
import { RolloutInformerCache } from '../src/clusters/RolloutInformerCache';
import { deliveryPlugin } from '../src/plugin';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const services = Number(option('services', '200'));
const largeServices = Number(option('large-services', '2000'));
const connections = Number(option('connections', '50'));
const duration = Number(option('duration', '10'));
const entityName = option('entity', 'svc-0001');
const workers = Number(option('workers', '1'));

function out(line: string) {
  process.stdout.write(`${line}\n`);
}

function loadAverage(): string {
  return `load ${os
    .loadavg()
    .map(l => l.toFixed(1))
    .join(' ')}`;
}

function serviceEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-bench' },
  };
}

interface BenchSandbox {
  clusters: Record<string, SandboxCluster>;
  names: string[];
  releasing: number;
  requestCounts(): Promise<Record<string, { total: number; watches: number }>>;
  stop(): Promise<void>;
}

/** The sandbox in a child process (scripts/benchSandboxProcess.ts). */
async function startBenchSandbox(
  count: number,
  releasingEvery = 0,
): Promise<BenchSandbox> {
  out(`starting the sandbox with ${count} synthetic services per cluster...`);
  const child: ChildProcess = fork(
    path.join(__dirname, 'benchSandboxProcess.ts'),
    [String(count), String(releasingEvery)],
    { execArgv: ['-r', '@backstage/cli/config/nodeTransform.cjs'] },
  );
  const ready = await new Promise<any>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`the sandbox exited with code ${code}`)),
    );
    const onMessage = (message: any) => {
      if (message?.type === 'ready') {
        child.off('message', onMessage);
        resolve(message);
      }
    };
    child.on('message', onMessage);
  });
  let nextId = 0;
  return {
    clusters: ready.clusters,
    names: ready.names,
    releasing: ready.releasing,
    requestCounts: () => {
      const id = ++nextId;
      return new Promise(resolve => {
        const onMessage = (message: any) => {
          if (message.type === 'counts' && message.id === id) {
            child.off('message', onMessage);
            resolve(message.counts);
          }
        };
        child.on('message', onMessage);
        child.send({ type: 'counts', id });
      });
    },
    stop: () =>
      new Promise(resolve => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

async function totalRequests(sandbox: BenchSandbox): Promise<number> {
  return Object.values(await sandbox.requestCounts()).reduce(
    (sum, c) => sum + c.total,
    0,
  );
}

interface Request {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
}

async function measure(title: string, request: Request, sandbox: BenchSandbox) {
  const before = await totalRequests(sandbox);
  const result = await autocannon({
    url: request.url,
    method: request.method,
    body: request.body,
    headers: { 'content-type': 'application/json' },
    connections,
    duration,
    ...(workers > 0 ? { workers } : {}),
  });
  const clusterRequests = (await totalRequests(sandbox)) - before;
  out(
    `${title.padEnd(52)} ${result.requests.average
      .toFixed(1)
      .padStart(8)} req/s   p50 ${String(result.latency.p50).padStart(
      5,
    )} ms   p99 ${String(result.latency.p99).padStart(5)} ms   ${
      result.requests.total
    } requests (${result.non2xx} non-2xx, ${result.errors} errors, ${
      result.timeouts
    } timeouts); the clusters received ${clusterRequests} requests; ${loadAverage()}`,
  );
  return result;
}

/** One request first, so that a broken setup fails loudly. */
async function check(name: string, request: Request) {
  const res = await fetch(request.url, {
    method: request.method,
    body: request.body,
    headers: { 'content-type': 'application/json' },
  });
  if (!res.ok) {
    throw new Error(`${name} answered ${res.status}: ${await res.text()}`);
  }
  return res.json();
}

async function startPortalBackend(sandbox: BenchSandbox, entities: Entity[]) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const backend = await startTestBackend({
    features: [
      deliveryPlugin,
      kubernetesPlugin,
      catalogServiceMock.factory({ entities }),
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
  return {
    base,
    stop: async () => {
      await backend.stop();
      await knex.destroy();
    },
  };
}

async function compareWithKubernetesBackend() {
  const sandbox = await startBenchSandbox(services);
  const entity = serviceEntity(entityName);
  const backend = await startPortalBackend(sandbox, [entity]);
  const delivery: Request = {
    url: `${backend.base}/delivery/entities/component/default/${entityName}/rollouts`,
    method: 'GET',
  };
  const kubernetes: Request = {
    url: `${backend.base}/kubernetes/services/${entityName}`,
    method: 'POST',
    body: JSON.stringify({ entity }),
  };
  await check('delivery', delivery);
  await check('kubernetes', kubernetes);

  out(
    `\nentity component:default/${entityName}, ${connections} connections, ${duration}s each, ${services} synthetic services in each of ${
      Object.keys(sandbox.clusters).length
    } clusters`,
  );
  const fromCache = await measure(
    `GET  /api/delivery/entities/.../${entityName}/rollouts`,
    delivery,
    sandbox,
  );
  const fromClusters = await measure(
    `POST /api/kubernetes/services/${entityName}`,
    kubernetes,
    sandbox,
  );
  out(
    `delivery / kubernetes throughput: ${(
      fromCache.requests.average / fromClusters.requests.average
    ).toFixed(1)}x (target >= 10x); delivery p99 ${
      fromCache.latency.p99
    } ms (target < 50 ms)`,
  );
  // The stock backend's requests to the clusters outlive autocannon's.
  await new Promise(resolve => setTimeout(resolve, 10_000));
  const watches = Object.entries(await sandbox.requestCounts())
    .map(([name, c]) => `${name} ${c.watches}`)
    .join(', ');
  out(`watch connections opened since start: ${watches}`);

  await backend.stop();
  await sandbox.stop();
}

function heapUsed(): number {
  (global as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function measureAtScale() {
  // Every 20th service releasing, so that the Releases page has rows to build.
  const sandbox = await startBenchSandbox(largeServices, 20);
  const names = sandbox.names;
  // The cache on its own, to measure what it holds.
  const canMeasure = !!(global as { gc?: unknown }).gc;
  const before = heapUsed();
  const cache = new RolloutInformerCache({
    clusters: new ClusterRegistry(
      Object.values(sandbox.clusters).map(c =>
        KubernetesClusterClient.create(
          {
            name: c.name,
            url: c.url,
            serviceAccountToken: c.token,
            skipTLSVerify: false,
          },
          { timeoutMs: 60_000 },
        ),
      ),
    ),
    logger: mockServices.rootLogger({ level: 'warn' }),
    timings: { firstSyncTimeoutMs: 300_000 },
  });
  const started = Date.now();
  cache.start();
  await Promise.all(
    cache
      .all()
      .map(c =>
        c.listRollouts({ labelSelector: 'backstage.io/kubernetes-id' }),
      ),
  );
  const syncMs = Date.now() - started;
  const held = heapUsed() - before;
  const sizes = cache
    .all()
    .map(c => {
      const s = c.sizes();
      return `${c.name}: ${s.rollouts} Rollouts, ${s.replicaSets} ReplicaSets, ${s.analysisRuns} AnalysisRuns`;
    })
    .join('; ');
  out(
    `\n${largeServices} synthetic services per cluster (${sandbox.releasing} releasing in each)`,
  );
  out(`cache first sync ${syncMs} ms; ${sizes}`);
  out(
    canMeasure
      ? `cache memory: ${(held / 1024 / 1024).toFixed(1)} MiB of heap`
      : 'cache memory: not measured (run node with --expose-gc, as yarn bench does)',
  );
  await cache.stop();

  const backend = await startPortalBackend(sandbox, names.map(serviceEntity));
  const releases: Request = {
    url: `${backend.base}/delivery/releases`,
    method: 'GET',
  };
  // The backend's own cache lists the clusters first.
  let body = await check('releases', releases);
  while (body.clusterErrors.length > 0) {
    await new Promise(resolve => setTimeout(resolve, 1000));
    body = await check('releases', releases);
  }
  out(`Releases lists ${body.items.length} releases in flight`);
  await measure('GET  /api/delivery/releases', releases, sandbox);
  await measure(
    `GET  /api/delivery/entities/.../${entityName}/rollouts`,
    {
      url: `${backend.base}/delivery/entities/component/default/${entityName}/rollouts`,
      method: 'GET',
    },
    sandbox,
  );

  await backend.stop();
  await sandbox.stop();
}

async function main() {
  out(
    `load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  await compareWithKubernetesBackend();
  if (largeServices > 0) {
    await measureAtScale();
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
