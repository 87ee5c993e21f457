import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGiteaAction } from '@backstage/plugin-scaffolder-backend-module-gitea';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { DEFAULT_GIT_USER } from '../githost/accounts';

export const runCommand = promisify(execFile);

/** The golden-path-like service repository the tests publish. */
export const GOLDEN_PATH_FIXTURE = path.resolve(
  __dirname,
  '../githost/__fixtures__/golden-path-service',
);

const tempDirs: string[] = [];

/** A temporary directory removed by {@link removeTempDirs}. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0))
    fs.rmSync(dir, { recursive: true, force: true });
}

/** Backstage config with one Gitea integration, as app-config would declare it. */
export function giteaConfig(
  gitUrl: string,
  password = DEFAULT_GIT_USER.password,
): ConfigReader {
  return new ConfigReader({
    integrations: {
      gitea: [
        {
          // The integration is found by host, which includes the port.
          host: new URL(gitUrl).host,
          baseUrl: gitUrl,
          username: DEFAULT_GIT_USER.username,
          password,
        },
      ],
    },
  });
}

/**
 * Runs the stock `publish:gitea` action on a copy of a workspace, as the
 * golden-path templates' publish step does. Returns the action context
 * (its `output` is a jest mock).
 */
export async function publishWithGitea(
  gitUrl: string,
  repoUrlQuery: string,
  options: { password?: string; source?: string } = {},
) {
  const config = giteaConfig(gitUrl, options.password);
  const action = createPublishGiteaAction({
    integrations: ScmIntegrations.fromConfig(config),
    config,
  });
  const workspacePath = tempDir('sandbox-workspace');
  fs.cpSync(options.source ?? GOLDEN_PATH_FIXTURE, workspacePath, {
    recursive: true,
  });
  const ctx = createMockActionContext({
    input: {
      repoUrl: `${new URL(gitUrl).host}?${repoUrlQuery}`,
      description: 'Takes orders',
      defaultBranch: 'main',
    },
    workspacePath,
  });
  await action.handler(ctx as any);
  return ctx;
}

/** The value the action passed to `ctx.output(name, ...)`. */
export function actionOutput(ctx: { output: unknown }, name: string): unknown {
  return (ctx.output as jest.Mock).mock.calls.find(([n]) => n === name)?.[1];
}

/** `Authorization` header value for the default git user. */
export function basicAuth(password = DEFAULT_GIT_USER.password): string {
  return `Basic ${Buffer.from(
    `${DEFAULT_GIT_USER.username}:${password}`,
  ).toString('base64')}`;
}
