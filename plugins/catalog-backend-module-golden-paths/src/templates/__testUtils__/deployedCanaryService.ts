import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGiteaAction } from '@backstage/plugin-scaffolder-backend-module-gitea';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Sandbox, startSandbox } from '@internal/sandbox';
import {
  GIT_HOST,
  providedTemplates,
  startScaffolder,
  writeFiles,
} from './scaffolderTestBackend';

/** A cluster's API, read as the sandbox's kubeconfig user. */
export interface DeployedCanaryService {
  sandbox: Sandbox;
  api(cluster: string, apiPath: string): Promise<any>;
  /** The service's Rollout, or undefined before it exists. */
  rollout(cluster: string): Promise<any | undefined>;
  stop(): Promise<void>;
}

/** Polls `probe` every 250 ms until it gives a value. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  seconds = 120,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/**
 * A service fresh from the canary golden path, scaffolded with `answers`
 * beside the form's defaults, published to the sandbox's git host as the
 * template's publish:gitea step does, and deployed by the sandbox's CI to
 * staging and production, with a real Prometheus scraping its pods.
 */
export async function deployCanaryService(options: {
  name: string;
  org: string;
  description: string;
  /** How many times faster than real time the sandbox runs. */
  speed: number;
  answers?: Record<string, unknown>;
}): Promise<DeployedCanaryService> {
  const { name, org, description } = options;
  const scaffolder = await startScaffolder();
  const template = (await providedTemplates()).find(
    t => t.metadata.name === 'http-service-canary',
  )!;
  const dryRun = await scaffolder.dryRun(template, {
    name,
    description,
    owner: 'group:default/checkout',
    system: 'system:default/shop',
    repoUrl: `${GIT_HOST}?owner=${org}&repo=${name}`,
    ...options.answers,
  });
  await scaffolder.stop();
  if (dryRun.status !== 200) {
    throw new Error(`scaffolding failed: ${dryRun.log.join('\n')}`);
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-path-'));
  const sandbox = await startSandbox({
    ports: { control: 0, clusters: { staging: 0, production: 0 } },
    speed: options.speed,
    podStartupSeconds: 0,
    seed: false,
    prometheus: {},
  });
  const stop = async () => {
    await sandbox.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await writeFiles(workDir, dryRun.files);
    const git = sandbox.gitHost!;
    const config = new ConfigReader({
      integrations: {
        gitea: [
          {
            host: git.host,
            baseUrl: git.url,
            username: git.users[0].username,
            password: git.users[0].password,
          },
        ],
      },
    });
    await createPublishGiteaAction({
      integrations: ScmIntegrations.fromConfig(config),
      config,
    }).handler(
      createMockActionContext({
        input: {
          repoUrl: `${git.host}?owner=${org}&repo=${name}`,
          description,
          defaultBranch: 'main',
        },
        workspacePath: workDir,
      }) as any,
    );
    await sandbox.ci.whenIdle();
  } catch (error) {
    await stop();
    throw error;
  }

  const api = async (cluster: string, apiPath: string) => {
    const { url, token } = sandbox.clusters[cluster];
    const res = await fetch(`${url}${apiPath}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`${apiPath}: ${res.status}`);
    return res.json();
  };
  return {
    sandbox,
    api,
    rollout: cluster =>
      api(
        cluster,
        `/apis/argoproj.io/v1alpha1/namespaces/${name}/rollouts/${name}`,
      ).catch(() => undefined),
    stop,
  };
}
