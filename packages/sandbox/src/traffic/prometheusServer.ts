import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * A real Prometheus server (the Debian `prometheus` package's binary) that
 * scrapes the sandbox's `/metrics`, started with a generated configuration
 * and a throw-away TSDB directory. The sandbox's analysis and the portal's
 * canary judge query it over its HTTP API.
 */
export interface PrometheusServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
}

export interface PrometheusServerOptions {
  /** The executable. Default `prometheus` on PATH. */
  binary?: string;
  /** `host:port` serving `/metrics`. */
  target: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Query parameters of the scrape, e.g. `{ cluster: ['staging'] }`. */
  params?: Record<string, string[]>;
  /** Seconds between scrapes. Default 1, so that analysis sees data within seconds. */
  scrapeIntervalSeconds?: number;
}

export const PROMETHEUS_MISSING =
  "Prometheus is not installed: install Debian's 'prometheus' package (scripts/system-deps.sh does it as root: ensure_prometheus) or pass the path of its binary";

export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no free port')),
      );
    });
  });
}

async function waitReady(
  url: string,
  child: ChildProcess,
  output: () => string,
) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `Prometheus exited with code ${child.exitCode}: ${output().slice(
          -2000,
        )}`,
      );
    }
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`Prometheus did not become ready at ${url} within 60 s`);
}

/**
 * Prometheus hands new targets to its scrape loop in batches every few
 * seconds; until the first scrape, every query comes back empty.
 */
async function waitFirstScrape(url: string) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/v1/targets`);
      const targets = (await response.json())?.data?.activeTargets ?? [];
      if (targets.some((t: any) => t.health === 'up')) return;
    } catch {
      // retried below
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

export async function startPrometheus(
  options: PrometheusServerOptions,
): Promise<PrometheusServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const dir = await mkdtemp(join(tmpdir(), 'portal-prometheus-'));
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  await writeFile(
    join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: interval, evaluation_interval: interval },
      scrape_configs: [
        {
          job_name: 'portal-sandbox',
          metrics_path: '/metrics',
          ...(options.params ? { params: options.params } : {}),
          static_configs: [{ targets: [options.target] }],
        },
      ],
    }),
  );
  let output = '';
  const child = spawn(
    options.binary ?? 'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${host}:${port}`,
      '--storage.tsdb.retention.time=1d',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', error =>
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(PROMETHEUS_MISSING)
          : error,
      ),
    ),
  );
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  const url = `http://${host}:${port}`;
  try {
    await Promise.race([waitReady(url, child, () => output), spawnError]);
    await waitFirstScrape(url);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([
          exited,
          new Promise(resolve => setTimeout(resolve, 5000)),
        ]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
