import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sandbox } from '../sandbox';

export { KUBECTL, requireKubectl } from '@internal/kustomize';

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
