import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Sandbox } from '../sandbox';

const run = promisify(execFile);

/** The kubectl the tests drive: `KUBECTL`, else `kubectl` on PATH. */
export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/** Fails (never skips) with install instructions when kubectl cannot be run. */
export async function requireKubectl(): Promise<void> {
  try {
    await run(KUBECTL, ['version', '--client', '--output=json']);
  } catch (e) {
    throw new Error(
      `kubectl is required for this test but "${KUBECTL}" could not be run (${
        (e as Error).message
      }). Install kubectl 1.32 (\`source scripts/system-deps.sh && ensure_kubectl\` from the repository root, ` +
        'or the Kubernetes release binaries or your OS package manager) and put it on PATH, or set KUBECTL=/path/to/kubectl.',
    );
  }
}

/**
 * A directory with a kubeconfig for the sandbox (https side) and the
 * environment that makes kubectl use it and nothing of the user's.
 */
export function kubectlEnvironment(
  sandbox: Sandbox,
  namespace: string,
): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-kubectl-'));
  fs.writeFileSync(
    path.join(dir, 'kubeconfig'),
    sandbox.kubeconfig({ namespace }),
  );
  return {
    dir,
    env: {
      ...process.env,
      KUBECONFIG: path.join(dir, 'kubeconfig'),
      KUBECACHEDIR: path.join(dir, 'cache'),
      HOME: dir,
    },
  };
}
