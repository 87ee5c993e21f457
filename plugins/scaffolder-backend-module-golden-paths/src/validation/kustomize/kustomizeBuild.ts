import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  KustomizeBuildError,
  KustomizeCommand,
  kustomizeBuild as renderKustomization,
} from '@internal/kustomize';
import { parse, stringify } from 'yaml';

/** kustomize's annotation for where an object came from (`buildMetadata: [originAnnotations]`). */
const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

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
    const objects = await renderKustomization(command, wrapper).catch(e => {
      if (!(e instanceof KustomizeBuildError)) throw e;
      const message = e.message
        .split(`${path.resolve(root)}/`)
        .join('')
        .split(`${target.split(path.sep).join('/')}/`)
        .join('');
      throw new KustomizeError(
        kustomizationFile,
        '',
        `kustomize cannot render ${dir}: ${message}`,
      );
    });
    return objects.map(object => ({
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
