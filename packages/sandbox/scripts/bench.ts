/*
 * Load benchmark: 200 synthetic services x 2 clusters.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs scripts/bench.ts [--services 200] [--speed 60] [--samples 200]
 *
 * Prints memory, CPU cost of the simulation and watch latency (PATCH sent to
 * MODIFIED event received on an open watch).
 */
import http from 'node:http';
import { startSandbox } from '../src';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const SERVICES = arg('services', 200);
const SPEED = arg('speed', 60);
const SAMPLES = arg('samples', 200);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** CPU milliseconds used by this process while `fn` runs, and the wall time. */
async function measureCpu(
  fn: () => Promise<void>,
): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return {
    cpuMs: (used.user + used.system) / 1000,
    wallMs: performance.now() - start,
  };
}

async function main() {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const baseline = process.memoryUsage().rss;
  const sandbox = await startSandbox({
    seed: false,
    speed: SPEED,
    ports: { control: 0 },
  });
  const cluster = sandbox.clusters.staging;
  const headers = { Authorization: `Bearer ${cluster.token}` };

  const seeding = await measureCpu(async () => {
    await sandbox.seedSyntheticServices(SERVICES);
  });
  global.gc?.();
  const afterSeed = process.memoryUsage();
  const staging = sandbox.getTrafficSnapshot('staging').series.length;
  out(
    `sandbox: ${SERVICES} services x ${
      Object.keys(sandbox.clusters).length
    } clusters, speed x${SPEED}`,
  );
  out(
    `  seeding: ${(seeding.wallMs / 1000).toFixed(2)} s wall, ${(
      seeding.cpuMs / 1000
    ).toFixed(2)} s CPU (${staging} traffic series in staging)`,
  );
  out(
    `  memory after seeding: RSS ${mb(afterSeed.rss)} (process baseline ${mb(
      baseline,
    )}), heap used ${mb(afterSeed.heapUsed)}`,
  );

  const idle = await measureCpu(() => sleep(3000));
  out(
    `  idle: ${(idle.cpuMs / (idle.wallMs / 1000)).toFixed(
      1,
    )} ms CPU per wall second`,
  );

  // Activity: release a quarter of the services on both clusters; each canary
  // scales, pauses 10s (simulated) and completes.
  const released = Math.ceil(SERVICES / 4);
  const activity = await measureCpu(async () => {
    for (let i = 1; i <= released; i++) {
      const name = `svc-${String(i).padStart(4, '0')}`;
      for (const c of Object.keys(sandbox.clusters)) {
        await sandbox.startRelease({
          cluster: c,
          service: name,
          image: `registry.acme.example/${name}:9.9.9`,
        });
      }
    }
    await sleep(5000);
  });
  const simulatedSeconds = (activity.wallMs / 1000) * SPEED;
  out(
    `  activity (${released} releases x 2 clusters over ${(
      activity.wallMs / 1000
    ).toFixed(1)} s wall = ${simulatedSeconds.toFixed(0)} s simulated): ` +
      `${(activity.cpuMs / (activity.wallMs / 1000)).toFixed(
        0,
      )} ms CPU per wall second, ${(activity.cpuMs / simulatedSeconds).toFixed(
        2,
      )} ms CPU per simulated second`,
  );

  // Watch latency: PATCH a ConfigMap, time until the MODIFIED event arrives.
  const namespace = 'synthetic-01';
  await fetch(`${cluster.url}/api/v1/namespaces/${namespace}/configmaps`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ metadata: { name: 'bench' }, data: { n: '0' } }),
  });
  const waiting = new Map<string, (at: number) => void>();
  const request = http.get(
    `${cluster.url}/api/v1/namespaces/${namespace}/configmaps?watch=true&fieldSelector=metadata.name%3Dbench&resourceVersion=0`,
    { headers },
    res => {
      let buffer = '';
      res.on('data', (chunk: Buffer) => {
        const at = performance.now();
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          const event = JSON.parse(line);
          if (event.type === 'MODIFIED') waiting.get(event.object.data.n)?.(at);
        }
      });
    },
  );
  await sleep(200);
  const latencies: number[] = [];
  // Keep releasing during the samples so the watch competes with controller work.
  const background = (async () => {
    for (let i = released + 1; i <= Math.min(SERVICES, released * 2); i++) {
      const name = `svc-${String(i).padStart(4, '0')}`;
      await sandbox.startRelease({
        cluster: 'staging',
        service: name,
        image: `registry.acme.example/${name}:9.9.9`,
      });
      await sleep(10);
    }
  })();
  for (let i = 1; i <= SAMPLES; i++) {
    const received = new Promise<number>(resolve =>
      waiting.set(String(i), resolve),
    );
    const sent = performance.now();
    await fetch(
      `${cluster.url}/api/v1/namespaces/${namespace}/configmaps/bench`,
      {
        method: 'PATCH',
        headers: { ...headers, 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify({ data: { n: String(i) } }),
      },
    );
    latencies.push((await received) - sent);
  }
  await background;
  request.destroy();
  out(
    `  watch latency (PATCH -> MODIFIED, ${SAMPLES} samples, under load): median ${percentile(
      latencies,
      50,
    ).toFixed(2)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(2)} ms, max ${Math.max(
        ...latencies,
      ).toFixed(2)} ms`,
  );
  const end = process.memoryUsage();
  out(`  memory at end: RSS ${mb(end.rss)}, heap used ${mb(end.heapUsed)}`);
  await sandbox.stop();
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
