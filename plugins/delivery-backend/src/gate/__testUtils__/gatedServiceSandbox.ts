import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Entity } from '@backstage/catalog-model';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { readRollout } from '../../__testUtils__/sandboxClient';

const run = promisify(execFile);

export const FIXTURE = path.resolve(__dirname, '../__fixtures__/gated-service');
export const SERVICE = 'gated-svc';
export const ORG = 'checkout';

/**
 * A sandbox whose git host holds the gated service's repository and whose
 * CI deploys every push to staging, then production, as the golden paths'
 * pipelines do. Pipelines and timed pauses run twenty times faster. With
 * `prometheus`, a real Prometheus per cluster scrapes the pods' traffic.
 */
export async function startGatedServiceSandbox(
  options: { prometheus?: boolean } = {},
) {
  const sandbox = await startSandbox({
    ports: { control: 0, clusters: { staging: 0, production: 0 } },
    speed: 20,
    podStartupSeconds: 0,
    seed: false,
    prometheus: options.prometheus ? {} : undefined,
  });
  const git = sandbox.gitHost!;
  const user = git.users[0];
  const auth = `Basic ${Buffer.from(
    `${user.username}:${user.password}`,
  ).toString('base64')}`;
  const created = await fetch(`${git.url}/api/v1/orgs/${ORG}/repos`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: SERVICE }),
  });
  if (created.status !== 201) {
    throw new Error(`creating the repository: ${created.status}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gated-service-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const remote = new URL(`${git.url}/${ORG}/${SERVICE}.git`);
  remote.username = user.username;
  remote.password = user.password;
  const gitIn = (...args: string[]) =>
    run('git', [
      '-C',
      dir,
      '-c',
      'user.name=Ben Okafor',
      '-c',
      'user.email=ben.okafor@acme.example',
      ...args,
    ]);
  await gitIn('init', '--quiet', '--initial-branch=main');

  /** Commits the working copy after `change` and pushes it; CI then deploys it. */
  async function push(message: string, change?: (root: string) => void) {
    change?.(dir);
    await gitIn('add', '-A');
    await gitIn('commit', '--quiet', '-m', message);
    await gitIn('push', '--quiet', remote.href, 'HEAD:refs/heads/main');
    await sandbox.ci.whenIdle();
    return (await gitIn('rev-parse', 'HEAD')).stdout.trim();
  }

  const sourceLocation = `url:${git.url}/${ORG}/${SERVICE}/src/branch/main/`;
  return {
    sandbox,
    push,
    sourceLocation,
    config: {
      integrations: {
        gitea: [
          {
            host: git.host,
            baseUrl: git.url,
            username: user.username,
            password: user.password,
          },
        ],
      },
    },
    entity(name: string, annotations: Record<string, string> = {}): Entity {
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          namespace: 'default',
          annotations: {
            'backstage.io/kubernetes-id': SERVICE,
            'backstage.io/kubernetes-namespace': SERVICE,
            'backstage.io/source-location': sourceLocation,
            ...annotations,
          },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'group:default/team-checkout',
        },
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
        ],
      };
    },
    async stop() {
      await sandbox.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the Rollout in a cluster satisfies `ready`. */
export async function waitForRollout(
  sandbox: Sandbox,
  cluster: string,
  ready: (rollout: any) => boolean,
  what: string,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    try {
      last = await readRollout(sandbox, cluster, SERVICE, SERVICE);
      if (ready(last)) return last;
    } catch {
      // not created yet
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(
    `${cluster}: ${what} did not happen; last status ${JSON.stringify(
      last?.status,
    )}`,
  );
}

export const imageOf = (rollout: any): string =>
  rollout.spec.template.spec.containers[0].image;

/** Paused at the production overlay's `pause: {}` (step index 3). */
export const atGate = (commit: string) => (rollout: any) =>
  imageOf(rollout).endsWith(`:${commit.slice(0, 7)}`) &&
  rollout.status?.currentStepIndex === 3 &&
  (rollout.status?.pauseConditions ?? []).length > 0;

export const completedWith = (commit: string) => (rollout: any) =>
  imageOf(rollout).endsWith(`:${commit.slice(0, 7)}`) &&
  rollout.status?.phase === 'Healthy' &&
  rollout.status?.stableRS === rollout.status?.currentPodHash;
