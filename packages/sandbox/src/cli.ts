import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { SandboxOptions, startSandbox } from './sandbox';

/**
 * `serve` runs the sandbox in the foreground; `release` asks a running
 * sandbox's control API to start a release.
 */

function prometheusOption(
  value: string,
  prometheusPort: number | undefined,
): SandboxOptions['prometheus'] {
  if (!value || value === 'none') return undefined;
  if (/^https?:\/\//.test(value)) {
    throw new InvalidArgumentError(
      'pass the prometheus binary: the sandbox starts one Prometheus per cluster',
    );
  }
  return { binary: value, port: prometheusPort };
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('must be a positive number');
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number');
  return n;
}

const program = new Command('sandbox').description(
  'Kubernetes + Argo Rollouts stand-in for the portal demo',
);

program
  .command('serve')
  .description('start the simulated clusters and the control API')
  .option(
    '--speed <factor>',
    'time factor (60 = a 60s pause lasts 1s)',
    positiveNumber,
    1,
  )
  .option('--snapshot <file>', 'load state from and save it to this JSON file')
  .option('--no-seed', 'start with empty clusters')
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option(
    '--port <port>',
    'control API port; clusters use the following ports',
    port,
    7020,
  )
  .option(
    '--clusters <names>',
    'comma-separated cluster names',
    'staging,production',
  )
  .option('--token <token>', 'admin bearer token')
  .option('--kubeconfig <file>', 'write a kubeconfig for kubectl to this file')
  .option(
    '--git-port <port>',
    'git host (Gitea API + git over HTTP) port (default 7030, or free with --port 0)',
    port,
  )
  .option(
    '--git-data <dir>',
    'keep the git repositories in this directory (default: a temporary one)',
  )
  .option('--no-git', 'no git host, no CI/CD pipelines')
  .option(
    '--cdevents-sink <url>',
    "POST the pipelines' CDEvents (CloudEvents) to this URL",
  )
  .option(
    '--cdevents-token <token>',
    'bearer token sent with the CDEvents (an external-access token of the portal)',
  )
  .option(
    '--cdevents-repo-base <url>',
    "the git host's web address as the portal names it, for the CDEvents sources",
  )
  .option(
    '--prometheus <binary|none>',
    'the prometheus binary to start, one per cluster, scraping this sandbox for analysis (default none)',
    'none',
  )
  .option(
    '--prometheus-port <port>',
    "first cluster's Prometheus port; the next clusters take the next ports (default: free ports)",
    port,
  )
  .action(async opts => {
    const names = String(opts.clusters)
      .split(',')
      .map((s: string) => s.trim())
      .filter(Boolean);
    const base = opts.port as number;
    const sandbox = await startSandbox({
      host: opts.host,
      clusters: names,
      ports: {
        control: base,
        clusters: Object.fromEntries(
          names.map((n: string, i: number) => [
            n,
            base === 0 ? 0 : base + 1 + i,
          ]),
        ),
      },
      speed: opts.speed,
      seed: opts.seed,
      snapshotFile: opts.snapshot,
      tokens: opts.token ? { admin: opts.token } : undefined,
      gitHost: opts.git
        ? {
            port: opts.gitPort ?? (base === 0 ? 0 : 7030),
            dataDir: opts.gitData,
          }
        : false,
      cdEventsSink: opts.cdeventsSink,
      cdEventsToken: opts.cdeventsToken,
      cdEventsRepoBaseUrl: opts.cdeventsRepoBase,
      prometheus: prometheusOption(opts.prometheus, opts.prometheusPort),
      logger: {
        info: m => process.stderr.write(`[sandbox] ${m}\n`),
        warn: m => process.stderr.write(`[sandbox] warning: ${m}\n`),
      },
    });
    out(`portal sandbox ready (speed x${sandbox.speed})`);
    out(`  control API: ${sandbox.controlUrl}`);
    for (const c of Object.values(sandbox.clusters)) {
      out(`  cluster ${c.name}: ${c.url}  (kubectl: ${c.httpsUrl})`);
    }
    out(`  token: ${sandbox.adminToken}`);
    const prometheus = Object.entries(sandbox.prometheusUrls);
    if (!prometheus.length) {
      out('  prometheus: none (prometheus analysis metrics report an Error)');
    }
    for (const [cluster, url] of prometheus) {
      out(`  prometheus ${cluster}: ${url}`);
    }
    if (sandbox.gitHost) {
      const [user] = sandbox.gitHost.users;
      out(
        `  git host: ${sandbox.gitHost.url}  (Gitea API; user ${user.username}, password ${user.password})`,
      );
      out(`  CI runs: ${sandbox.controlUrl}/ci/runs`);
    }
    if (opts.kubeconfig) {
      fs.mkdirSync(path.dirname(path.resolve(opts.kubeconfig)), {
        recursive: true,
      });
      fs.writeFileSync(opts.kubeconfig, sandbox.kubeconfig());
      out(`  kubeconfig: ${opts.kubeconfig}`);
    }
    const shutdown = () => {
      sandbox.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('release <service>')
  .description('start a release of a service through a running sandbox')
  .requiredOption('--cluster <name>', 'cluster to release to')
  .requiredOption('--image <image>', 'new container image')
  .option(
    '--namespace <namespace>',
    'namespace, if the service name is ambiguous',
  )
  .option(
    '--profile <profile>',
    'traffic profile: healthy, slow, errors, degrading, or JSON numbers',
  )
  .option(
    '--control-url <url>',
    'control API of the sandbox',
    'http://127.0.0.1:7020',
  )
  .action(async (service: string, opts) => {
    let profile: unknown = opts.profile;
    if (typeof profile === 'string' && profile.trim().startsWith('{'))
      profile = JSON.parse(profile);
    const response = await fetch(new URL('/releases', opts.controlUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        cluster: opts.cluster,
        namespace: opts.namespace,
        service,
        image: opts.image,
        profile,
      }),
    });
    const body: any = await response.json();
    if (!response.ok) {
      process.stderr.write(
        `release failed (${response.status}): ${body.error}\n`,
      );
      process.exitCode = 1;
      return;
    }
    out(
      body.changed
        ? `release started: ${body.namespace}/${body.rollout} on ${body.cluster}: ${body.previousImage} -> ${body.image} (profile ${body.profile}, revision hash ${body.podTemplateHash})`
        : `no change: ${body.namespace}/${body.rollout} already runs ${body.image} (profile set to ${body.profile})`,
    );
  });

program.parseAsync(process.argv).catch(error => {
  process.stderr.write(`${error?.message ?? error}\n`);
  process.exit(1);
});
