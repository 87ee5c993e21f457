import http from 'node:http';
import { AddressInfo } from 'node:net';
import { CdEventSender } from './ci/cdEvents';
import { exampleCdEventHistory } from './ci/cdEventHistory';
import { PipelineRun } from './ci/pipelineRuns';
import { PipelineRunner } from './ci/pipelineRunner';
import { Clock } from './util/clock';
import { ControllerManager } from './controller/manager';
import {
  applyRelease,
  ReleaseRequest,
  ReleaseResult,
} from './control/releases';
import { createControlServer } from './control/controlServer';
import { GitHostUser } from './githost/accounts';
import { GitHost, startGitHost } from './githost/gitHost';
import { Cluster } from './k8s/cluster';
import { GarbageCollector } from './k8s/garbageCollector';
import { renderKubeconfig } from './kubeconfig';
import { SERVICES, ServiceSeed } from './seed/catalog';
import {
  applySeedReleases,
  createServiceObjects,
  syntheticServices,
} from './seed/seed';
import { ApiServer } from './server/apiServer';
import { Authorizer, TokenOptions } from './server/auth';
import { DualProtocolServer } from './server/dualProtocolServer';
import {
  SelfSignedCertificate,
  createSelfSignedCertificate,
} from './server/selfSignedCert';
import { WatchHub } from './server/watch';
import { SnapshotWriter, loadSnapshot } from './snapshot';
import { PrometheusExposition } from './traffic/prometheusExposition';
import {
  PrometheusServer,
  freePort,
  startPrometheus,
} from './traffic/prometheusServer';
import { TrafficModel, TrafficSnapshot } from './traffic/trafficModel';

export interface SandboxLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface SandboxOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Cluster names. Default `['staging', 'production']`. */
  clusters?: string[];
  /**
   * 0 picks a free port. Defaults: control 7020, clusters 7021, 7022, ... in
   * order; when `control` is 0, clusters without a port also get free ports.
   */
  ports?: { control?: number; clusters?: Record<string, number> };
  /** Time factor: 60 makes a 60 s pause last one second. Default 1. */
  speed?: number;
  /** Create the demo services. Default true (skipped when a snapshot was loaded). */
  seed?: boolean;
  /** JSON file the state is saved to (debounced) and loaded from. */
  snapshotFile?: string;
  tokens?: TokenOptions;
  /** Simulated seconds until a new pod is Ready. Default 4. */
  podStartupSeconds?: number;
  /** Changes kept per cluster for watch resumption; older versions get 410 Expired. Default 20000. */
  watchCacheSize?: number;
  /** Real seconds between watch BOOKMARK events. Default 60. */
  bookmarkIntervalSeconds?: number;
  /**
   * The Gitea stand-in with git over HTTP, whose pushes drive the simulated
   * CI/CD. Enabled by default (port 7030, or a free port when `ports.control`
   * is 0); `false` turns it and the pipelines off.
   */
  gitHost?: SandboxGitHostOptions | false;
  /** URL CDEvents of pipeline runs and deployments are POSTed to (CloudEvents, structured mode). */
  cdEventsSink?: string;
  /** Bearer token for the sink: an external-access token of the portal. */
  cdEventsToken?: string;
  /**
   * Web address of the git host as the portal names it (default the git
   * host's own URL): the CDEvents source of a run is
   * `<this>/<owner>/<repo>/actions/runs/<id>`, as GitHub Actions' would be.
   */
  cdEventsRepoBaseUrl?: string;
  /** kubectl used by the pipelines to render overlays (`kubectl kustomize`). Default `kubectl` on PATH. */
  kubectl?: string;
  logger?: SandboxLogger;
  /**
   * Prometheus for `prometheus` analysis metrics, one per cluster as each
   * real cluster has its own: the URLs of running servers that scrape
   * `/metrics?cluster=<name>` of this sandbox, or `{ binary?, port? }` to
   * start them (Debian's `prometheus`; `port` for the first cluster, the next
   * ports for the others, free ports by default) scraping every second,
   * stopped with the sandbox. Without it, `prometheus` measurements after
   * start-up are Errors that say so.
   */
  prometheus?:
    | { urls: Record<string, string> }
    | { binary?: string; port?: number; scrapeIntervalSeconds?: number };
}

export interface SandboxGitHostOptions {
  /** 0 picks a free port. Default 7030. */
  port?: number;
  /** Directory for the bare repositories. Default: a temporary directory, removed on stop. */
  dataDir?: string;
  /** Accounts (all site admins). Default `portal` / `portal-sandbox-git`. */
  users?: GitHostUser[];
  /** Organisations created at start. Default `acme`, `storefront`, `checkout`, `fulfilment`. */
  orgs?: string[];
}

export interface SandboxGitHost {
  /** Gitea base URL (ROOT_URL), e.g. `http://localhost:7030`. */
  url: string;
  /** `host:port`, as `integrations.gitea[].host` must name it. */
  host: string;
  users: GitHostUser[];
  dataDir: string;
}

export interface SandboxCluster {
  name: string;
  /** Plain-HTTP Kubernetes API URL, e.g. `http://127.0.0.1:7021`. */
  url: string;
  /** The same port over TLS (self-signed), for kubectl, which only sends tokens over https. */
  httpsUrl: string;
  /** Admin bearer token. */
  token: string;
  /** Base64 PEM of the self-signed certificate, for kubeconfig `certificate-authority-data`. */
  certificateAuthorityData: string;
}

export interface Sandbox {
  clusters: Record<string, SandboxCluster>;
  controlUrl: string;
  adminToken: string;
  speed: number;
  /** Starts a release the way CD would: a new image in the Rollout's pod template. */
  startRelease(request: ReleaseRequest): Promise<ReleaseResult>;
  /** Current simulated traffic per revision of every Rollout in a cluster. */
  getTrafficSnapshot(cluster: string): TrafficSnapshot;
  /** Prometheus text exposition of the simulated traffic (also served on the control URL at /metrics, one cluster's with ?cluster=). */
  metrics(cluster?: string): string;
  /** Per cluster, the Prometheus that its `prometheus` analysis metrics query. */
  prometheusUrls: Record<string, string>;
  /** A kubeconfig (YAML) with one context per cluster, for kubectl. */
  kubeconfig(options?: { namespace?: string; current?: string }): string;
  /** Resolves once no controller has immediate work (timed waits may still be pending). */
  settle(): Promise<void>;
  /** Requests each cluster's API has received since start (`watches`: watch connections opened). */
  requestCounts(): Record<string, { total: number; watches: number }>;
  /** Adds N synthetic canary services (svc-0001 ...) to every cluster, for load tests. */
  seedSyntheticServices(
    count: number,
    options?: { replicas?: number },
  ): Promise<ServiceSeed[]>;
  /** The git host, unless disabled. */
  gitHost?: SandboxGitHost;
  /** CI/CD pipeline runs triggered by pushes to the git host. */
  ci: {
    /** Newest first; `repo` is `owner/name`. */
    runs(repo?: string): PipelineRun[];
    /** Resolves once no pipeline is queued or running and its CDEvents were sent. */
    whenIdle(): Promise<void>;
  };
  stop(): Promise<void>;
}

interface Runtime {
  cluster: Cluster;
  controllers: ControllerManager;
  watches: WatchHub;
  server: DualProtocolServer;
  api: ApiServer;
  port: number;
}

const noopLogger: SandboxLogger = { info: () => {}, warn: () => {} };

function listen(
  server: http.Server,
  port: number,
  host: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const names = options.clusters ?? ['staging', 'production'];
  const logger = options.logger ?? noopLogger;
  const clock = new Clock(options.speed ?? 1);
  const authorizer = new Authorizer(options.tokens);
  const certificate: SelfSignedCertificate = createSelfSignedCertificate([
    host,
    '127.0.0.1',
    'localhost',
  ]);
  const clusters = new Map<string, Cluster>();
  const traffic = new TrafficModel(clusters, clock);
  const exposition = new PrometheusExposition(clock);
  const runtimes = new Map<string, Runtime>();

  for (const name of names) {
    const cluster = new Cluster(
      name,
      () => clock.now(),
      options.watchCacheSize,
    );
    clusters.set(name, cluster);
    new GarbageCollector(cluster, clock); // eslint-disable-line no-new
  }

  const snapshot = options.snapshotFile
    ? loadSnapshot(options.snapshotFile)
    : undefined;
  if (snapshot) {
    for (const [name, cluster] of clusters) {
      if (snapshot.clusters[name]) cluster.store.load(snapshot.clusters[name]);
    }
    traffic.load(snapshot.traffic);
    logger.info(
      `loaded snapshot ${options.snapshotFile} (saved ${snapshot.savedAt})`,
    );
  }

  const prometheusOptions = options.prometheus;
  const prometheusPorts: Record<string, number> = {};
  const prometheusUrls: Record<string, string> = {};
  if (prometheusOptions && 'urls' in prometheusOptions) {
    for (const [name, url] of Object.entries(prometheusOptions.urls))
      prometheusUrls[name] = url.replace(/\/+$/, '');
  } else if (prometheusOptions) {
    for (const [i, name] of names.entries()) {
      prometheusPorts[name] = prometheusOptions.port
        ? prometheusOptions.port + i
        : await freePort(host);
      prometheusUrls[name] = `http://${host}:${prometheusPorts[name]}`;
    }
  }

  for (const [name, cluster] of clusters) {
    const controllers = new ControllerManager(cluster, clock, {
      podStartupSeconds: options.podStartupSeconds ?? 4,
      prometheusUrl: prometheusUrls[name],
      seededSuccessRatio: (namespace, hash) => {
        const series = traffic
          .snapshot(name)
          .series.filter(
            s =>
              s.namespace === namespace &&
              s.podTemplateHash === hash &&
              s.requestRate > 0,
          );
        const requests = series.reduce((sum, s) => sum + s.requestRate, 0);
        if (requests <= 0) return [];
        const errors = series.reduce(
          (sum, s) => sum + s.requestRate * s.errorRatio,
          0,
        );
        return [Number((1 - errors / requests).toPrecision(6))];
      },
      onError: (key, error) =>
        logger.warn(
          `[${name}] reconcile ${key} failed: ${
            (error as Error)?.stack ?? error
          }`,
        ),
    });
    const watches = new WatchHub(cluster, {
      bookmarkIntervalMs: (options.bookmarkIntervalSeconds ?? 60) * 1000,
      now: () => clock.now(),
    });
    let address = '';
    const api = new ApiServer(
      cluster,
      authorizer,
      watches,
      () => address,
      () => clock.now(),
    );
    const server = new DualProtocolServer(api.handle, certificate);
    const runtime: Runtime = {
      cluster,
      controllers,
      watches,
      server,
      api,
      port: 0,
    };
    runtimes.set(name, runtime);
    const defaultPort =
      options.ports?.control === 0 ? 0 : 7021 + names.indexOf(name);
    runtime.port = await server.listen(
      options.ports?.clusters?.[name] ?? defaultPort,
      host,
    );
    address = `${host}:${runtime.port}`;
  }

  const settle = async () => {
    for (let round = 0; round < 1000; round++) {
      await Promise.all(
        [...runtimes.values()].map(r => r.controllers.queue.whenIdle()),
      );
      // Let zero-delay timers (garbage collection) run, then check again.
      await new Promise(resolve => setTimeout(resolve, 2));
      if ([...runtimes.values()].every(r => r.controllers.queue.idle)) return;
    }
  };

  const seedAndSettle = async (seeds: ServiceSeed[]) => {
    clock.settling = true;
    try {
      for (const runtime of runtimes.values())
        createServiceObjects(runtime.cluster, traffic, seeds);
      await settle();
      for (const runtime of runtimes.values())
        applySeedReleases(clusters, traffic, runtime.cluster, seeds);
      await settle();
    } finally {
      clock.settling = false;
    }
  };

  if (snapshot) {
    for (const runtime of runtimes.values()) runtime.controllers.resyncAll();
  } else if (options.seed ?? true) {
    await seedAndSettle(SERVICES);
  }

  const writer = options.snapshotFile
    ? new SnapshotWriter(options.snapshotFile, clusters, traffic, e =>
        logger.warn(`snapshot write failed: ${e}`),
      )
    : undefined;
  if (writer && !snapshot) writer.flush();

  const metrics = (cluster?: string) => {
    exposition.advance([...clusters.keys()].map(n => traffic.snapshot(n)));
    return exposition.render(cluster);
  };
  // Counters integrate rates between calls; keep them moving even when nobody scrapes.
  const metricsTimer = setInterval(
    () =>
      exposition.advance([...clusters.keys()].map(n => traffic.snapshot(n))),
    15000,
  );
  metricsTimer.unref();

  const sandboxClusters: Record<string, SandboxCluster> = {};
  for (const [name, runtime] of runtimes) {
    sandboxClusters[name] = {
      name,
      url: `http://${host}:${runtime.port}`,
      httpsUrl: `https://${host}:${runtime.port}`,
      token: authorizer.adminToken,
      certificateAuthorityData: Buffer.from(certificate.certPem).toString(
        'base64',
      ),
    };
  }
  const kubeconfig = (opts?: { namespace?: string; current?: string }) =>
    renderKubeconfig(Object.values(sandboxClusters), opts);

  let controlUrl = '';
  let gitHost: GitHost | undefined;
  const cdEvents = new CdEventSender(
    options.cdEventsSink,
    m => logger.warn(m),
    options.cdEventsToken,
  );
  const repoBaseUrl = () =>
    (options.cdEventsRepoBaseUrl ?? gitHost?.url ?? controlUrl).replace(
      /\/+$/,
      '',
    );
  const pipelines = new PipelineRunner({
    clusters,
    clock,
    kubectl: options.kubectl ?? 'kubectl',
    events: cdEvents,
    runUrl: id => `${controlUrl}/ci/runs/${id}`,
    repoWebUrl: repo => `${repoBaseUrl()}/${repo}`,
    logger,
  });
  if (options.gitHost !== false) {
    const gitOptions = options.gitHost ?? {};
    gitHost = await startGitHost({
      host,
      port: gitOptions.port ?? (options.ports?.control === 0 ? 0 : 7030),
      dataDir: gitOptions.dataDir,
      users: gitOptions.users,
      orgs: gitOptions.orgs,
      logger,
    });
    gitHost.onPush(event => pipelines.handlePush(event));
    // The example services' CI/CD history, once the portal listens.
    void cdEvents.sendBatchWhenReady(
      exampleCdEventHistory({
        services: SERVICES,
        gitHostUrl: repoBaseUrl(),
        now: Date.now(),
      }),
    );
  }

  const control = createControlServer({
    clusters: () =>
      Object.fromEntries(
        Object.values(sandboxClusters).map(c => [c.name, c.url]),
      ),
    release: body => applyRelease(clusters, traffic, body),
    traffic: cluster => traffic.snapshot(cluster),
    metrics,
    kubeconfig: () => kubeconfig(),
    pipelineRuns: repo => pipelines.runs.list(repo),
    pipelineRun: id => pipelines.runs.get(id),
  });
  const controlPort = await listen(
    control,
    options.ports?.control ?? 7020,
    host,
  );
  controlUrl = `http://${host}:${controlPort}`;

  const prometheusServers: PrometheusServer[] = [];
  if (prometheusOptions && !('urls' in prometheusOptions)) {
    try {
      for (const name of names) {
        prometheusServers.push(
          await startPrometheus({
            binary: prometheusOptions.binary,
            host,
            port: prometheusPorts[name],
            target: `${host}:${controlPort}`,
            params: { cluster: [name] },
            scrapeIntervalSeconds: prometheusOptions.scrapeIntervalSeconds,
          }),
        );
      }
    } catch (error) {
      await Promise.all(prometheusServers.map(p => p.stop()));
      writer?.close();
      await gitHost?.close();
      clearInterval(metricsTimer);
      clock.stop();
      for (const runtime of runtimes.values()) runtime.controllers.stop();
      control.close();
      await Promise.all([...runtimes.values()].map(r => r.server.close()));
      throw error;
    }
  }

  let stopped = false;
  return {
    clusters: sandboxClusters,
    controlUrl,
    adminToken: authorizer.adminToken,
    speed: clock.speed,
    startRelease: async request => applyRelease(clusters, traffic, request),
    getTrafficSnapshot: cluster => traffic.snapshot(cluster),
    metrics,
    prometheusUrls,
    kubeconfig,
    settle,
    requestCounts: () =>
      Object.fromEntries(
        [...runtimes].map(([name, runtime]) => [
          name,
          { ...runtime.api.requests },
        ]),
      ),
    seedSyntheticServices: async (count, opts) => {
      const seeds = syntheticServices(count, names, opts?.replicas);
      await seedAndSettle(seeds);
      return seeds;
    },
    gitHost: gitHost && {
      url: gitHost.url,
      host: new URL(gitHost.url).host,
      users: gitHost.users,
      dataDir: gitHost.dataDir,
    },
    ci: {
      runs: repo => pipelines.runs.list(repo),
      whenIdle: () => pipelines.whenIdle(),
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // The snapshot first: whatever below waits on open connections must not
      // lose the last changes when the process is stopped meanwhile.
      writer?.close();
      await pipelines.stop();
      await Promise.all(prometheusServers.map(p => p.stop()));
      await gitHost?.close();
      clearInterval(metricsTimer);
      clock.stop();
      for (const runtime of runtimes.values()) {
        runtime.controllers.stop();
        runtime.watches.closeAll();
      }
      control.closeAllConnections();
      await Promise.all([
        new Promise<void>(resolve => control.close(() => resolve())),
        ...[...runtimes.values()].map(r => r.server.close()),
      ]);
    },
  };
}
