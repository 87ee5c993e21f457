import { spawn } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { KustomizeCommand } from './KustomizeCommand';

const DEFAULT_TIMEOUT_MS = 60_000;

/** An object kustomize rendered. */
export type RenderedObject = Record<string, any> & {
  kind: string;
  metadata?: { name?: string; namespace?: string; [key: string]: any };
};

/**
 * kustomize refused to render a kustomization; the message is kustomize's
 * own, without kubectl's log framing.
 *
 * @public
 */
export class KustomizeBuildError extends Error {
  constructor(readonly dir: string, message: string) {
    super(message);
    this.name = 'KustomizeBuildError';
  }
}

/**
 * The message of a failed build. kubectl logs it through klog
 * (`"command failed" err="…"`, or `err=<` with indented lines for multi-line
 * messages); the kustomize binary prints `Error: …`.
 */
export function kustomizeErrorMessage(stderr: string): string {
  const quoted = /err="((?:[^"\\]|\\.)*)"/.exec(stderr);
  if (quoted) {
    try {
      return JSON.parse(`"${quoted[1]}"`);
    } catch {
      return quoted[1];
    }
  }
  const block = /err=<\n([\s\S]*?)\n\s*>/.exec(stderr);
  if (block) {
    return block[1]
      .split('\n')
      .map(line => line.replace(/^\t/, ''))
      .join('\n')
      .trim();
  }
  return stderr.trim().replace(/^(Error|error): /, '');
}

function run(
  executable: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      // Nothing of the caller's environment but where to find programs:
      // kustomize must not pick up a user's kubeconfig or plugins.
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: signal ? null : code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr:
          Buffer.concat(err).toString('utf8') ||
          (signal ? `killed by ${signal} after ${timeoutMs} ms` : ''),
      }),
    );
  });
}

/**
 * Renders the kustomization in `dir` with real kustomize and returns the
 * objects, in kustomize's order. Throws `KustomizeBuildError` with
 * kustomize's message when it refuses, `KustomizeNotFoundError` when no
 * kustomize can be run.
 */
export async function kustomizeBuild(
  command: KustomizeCommand,
  dir: string,
  options?: { timeoutMs?: number },
): Promise<RenderedObject[]> {
  const { executable, args } = await command.resolve();
  const result = await run(
    executable,
    [...args, dir],
    options?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  if (result.code !== 0) {
    throw new KustomizeBuildError(dir, kustomizeErrorMessage(result.stderr));
  }
  return parseAllDocuments(result.stdout)
    .map(document => document.toJS())
    .filter(
      (object): object is RenderedObject =>
        Boolean(object) &&
        typeof object === 'object' &&
        typeof object.kind === 'string',
    );
}
