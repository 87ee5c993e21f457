import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { KustomizeCommand } from './KustomizeCommand';

/** kustomize's annotation for where an object came from (`buildMetadata: [originAnnotations]`). */
const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

const BUILD_TIMEOUT_MS = 60_000;

/** An object kustomize rendered, with the file that declared it. */
export interface RenderedResource {
  object: Record<string, any>;
  /** The manifest file that declared the object (or the kustomization that generated it), relative to the root. */
  file: string;
}

/** kustomize refused to render a kustomization: its message, attributed to the kustomization file. */
export class KustomizeError extends Error {
  readonly path: string;

  constructor(readonly file: string, fieldPath: string, message: string) {
    super(message);
    this.path = fieldPath;
    this.name = 'KustomizeError';
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
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: BUILD_TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', reject);
    child.on('close', code =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/**
 * Renders the kustomization in `dir` (relative to `root`) with real
 * kustomize. To learn which file declared each object, kustomize builds a
 * throw-away kustomization outside the workspace whose only resource is `dir`
 * and which asks for origin annotations; it adds nothing else, so the objects
 * are those of building `dir` itself, less the annotation, which is removed.
 */
export async function kustomizeBuild(
  command: KustomizeCommand,
  root: string,
  dir: string,
  kustomizationFile: string,
): Promise<RenderedResource[]> {
  const { executable, args } = await command.resolve();
  const wrapper = await fs.mkdtemp(path.join(os.tmpdir(), 'iac-kustomize-'));
  try {
    const target = path.relative(wrapper, path.resolve(root, dir));
    await fs.writeFile(
      path.join(wrapper, 'kustomization.yaml'),
      stringify({
        resources: [target.split(path.sep).join('/')],
        buildMetadata: ['originAnnotations'],
      }),
    );
    const result = await run(executable, [...args, wrapper]);
    if (result.code !== 0) {
      const message = kustomizeErrorMessage(result.stderr)
        .split(`${path.resolve(root)}/`)
        .join('')
        .split(`${target.split(path.sep).join('/')}/`)
        .join('');
      throw new KustomizeError(
        kustomizationFile,
        '',
        `kustomize cannot render ${dir}: ${message}`,
      );
    }
    return parseAllDocuments(result.stdout)
      .map(document => document.toJS())
      .filter(object => object && typeof object === 'object')
      .map(object => ({
        object,
        file: originFile(object, wrapper, root) ?? kustomizationFile,
      }));
  } finally {
    await fs.rm(wrapper, { recursive: true, force: true });
  }
}

/** Reads and removes the origin annotation; the file it names, relative to the root. */
function originFile(
  object: Record<string, any>,
  wrapper: string,
  root: string,
): string | undefined {
  const annotations = object.metadata?.annotations;
  const origin = annotations?.[ORIGIN_ANNOTATION];
  if (typeof origin !== 'string') return undefined;
  delete annotations[ORIGIN_ANNOTATION];
  if (Object.keys(annotations).length === 0) {
    delete object.metadata.annotations;
  }
  const parsed = parse(origin);
  const file = parsed?.path ?? parsed?.configuredIn;
  if (typeof file !== 'string' || parsed?.repo) return undefined;
  return path
    .relative(root, path.resolve(wrapper, file))
    .split(path.sep)
    .join('/');
}
