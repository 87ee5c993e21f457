import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/** The kubectl the parity tests compare with. */
export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/**
 * Fails (never skips) when kubectl cannot be run: the parity tests are the
 * proof that the gate renders what kustomize renders.
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

/** What `kubectl kustomize <dir>` renders, or its error output. */
export async function kubectlKustomize(
  dir: string,
): Promise<{ objects: any[] } | { error: string }> {
  try {
    const { stdout } = await run(KUBECTL, ['kustomize', dir], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return {
      objects: parseAllDocuments(stdout)
        .map(d => d.toJS())
        .filter(Boolean),
    };
  } catch (e) {
    return { error: String((e as { stderr?: string }).stderr ?? e) };
  }
}
