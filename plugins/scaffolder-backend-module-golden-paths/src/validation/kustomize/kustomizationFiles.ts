import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

/** The names kustomize looks for in a kustomization directory. */
export const KUSTOMIZATION_FILE_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** What the Kubernetes check needs to know of a kustomization file without rendering it. */
export interface KustomizationFile {
  /** The file, relative to the root. */
  file: string;
  /** Its directory, relative to the root. */
  dir: string;
  /** `kind: Component`: rendered only through the kustomizations that use it. */
  component: boolean;
  /**
   * The patch and replacement files it names, relative to the root. They are
   * fragments, not manifests, so they are not validated on their own.
   */
  patchFiles: string[];
}

function pathsOf(entries: unknown, key?: string): string[] {
  if (!Array.isArray(entries)) return [];
  return entries
    .map(entry => (key ? (entry as any)?.[key] : entry))
    .filter((value): value is string => typeof value === 'string')
    .filter(value => !value.includes('\n'));
}

/**
 * Reads a kustomization file's kind and the files its patches name. A file
 * that is not valid YAML yields no names: kustomize reports it when it renders.
 */
export async function readKustomizationFile(
  root: string,
  file: string,
): Promise<KustomizationFile> {
  const dir = path.posix.dirname(file);
  let spec: any;
  try {
    spec = parse(await fs.readFile(path.join(root, file), 'utf8'));
  } catch {
    spec = undefined;
  }
  const named = [
    ...pathsOf(spec?.patches, 'path'),
    ...pathsOf(spec?.patchesStrategicMerge),
    ...pathsOf(spec?.patchesJson6902, 'path'),
    ...pathsOf(spec?.replacements, 'path'),
  ];
  return {
    file,
    dir,
    component: spec?.kind === 'Component',
    patchFiles: named.map(name =>
      path.posix.normalize(path.posix.join(dir, name)),
    ),
  };
}
