import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The kubectl tests compare with and drive: `KUBECTL`, else `kubectl` on PATH. */
export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/**
 * Fails (never skips) with install instructions when kubectl cannot be run:
 * tests that compare with kubectl are the proof that we render and serve what
 * the real tools do, so a machine without it must not pass them silently.
 */
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
