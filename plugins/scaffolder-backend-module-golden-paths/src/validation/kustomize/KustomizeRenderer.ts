import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { applyJsonPatch, isJsonPatch } from './jsonPatch';
import { strategicMergePatch, apiGroup } from './strategicMergePatch';
import {
  ImageOverride,
  PatchTarget,
  addAnnotations,
  addLabels,
  matchesTarget,
  renameObjects,
  setImages,
  setNamespace,
} from './kustomizeTransforms';

type Json = any;

/** The names kustomize looks for in a kustomization directory, in its order. */
export const KUSTOMIZATION_FILE_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

const SUPPORTED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'bases',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'images',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
]);

/** An object produced by rendering a kustomization, with the file it came from. */
export interface RenderedResource {
  object: Record<string, Json>;
  /** The manifest file that declared the object, relative to the repository root. */
  file: string;
  /** The object's position among the file's YAML documents. */
  document: number;
}

/** A kustomization that cannot be rendered, with the file and field at fault. */
export class KustomizeError extends Error {
  readonly file: string;
  readonly path: string;

  constructor(file: string, fieldPath: string, message: string) {
    super(message);
    this.name = 'KustomizeError';
    this.file = file;
    this.path = fieldPath;
  }
}

/**
 * Renders kustomizations in-process, so the validation gate needs no
 * `kustomize` or `kubectl` binary on the portal host. It implements the
 * subset of kustomize that the golden-path templates use: local `resources`
 * (files and directories), `patches` (strategic merge for built-in kinds, JSON
 * merge for custom resources, RFC 6902 operations) and the legacy
 * `patchesStrategicMerge`/`patchesJson6902`, `namespace`, `namePrefix`,
 * `nameSuffix`, `commonLabels`, `labels`, `commonAnnotations` and `images`.
 * Any other field is reported as unsupported rather than silently ignored.
 */
export class KustomizeRenderer {
  /** Every file read while rendering, relative to the root. */
  readonly consumedFiles = new Set<string>();

  constructor(private readonly root: string) {}

  /** Finds the kustomization file of a directory, if it has one. */
  async kustomizationFileOf(dir: string): Promise<string | undefined> {
    for (const name of KUSTOMIZATION_FILE_NAMES) {
      const file = path.posix.join(dir, name);
      if (await this.isFile(file)) {
        return file;
      }
    }
    return undefined;
  }

  /** Renders the kustomization in `dir` (relative to the root). */
  async render(dir: string): Promise<RenderedResource[]> {
    return this.build(path.posix.normalize(dir), []);
  }

  private async build(
    dir: string,
    stack: string[],
  ): Promise<RenderedResource[]> {
    if (stack.includes(dir)) {
      throw new KustomizeError(
        stack[stack.length - 1],
        'resources',
        `kustomizations include each other in a cycle: ${[...stack, dir].join(
          ' -> ',
        )}`,
      );
    }
    const file = await this.kustomizationFileOf(dir);
    if (!file) {
      throw new KustomizeError(dir, '', 'directory has no kustomization.yaml');
    }
    const [kustomization] = await this.readDocuments(file);
    const spec: Json = kustomization?.value ?? {};
    for (const field of Object.keys(spec)) {
      if (!SUPPORTED_FIELDS.has(field)) {
        throw new KustomizeError(
          file,
          field,
          `kustomize field "${field}" is not supported by the portal's kustomize renderer`,
        );
      }
    }

    let resources: RenderedResource[] = [];
    const entries = [
      ...this.list(spec, 'bases', file),
      ...this.list(spec, 'resources', file),
    ];
    for (const [index, entry] of entries.entries()) {
      const fieldPath = `resources[${index}]`;
      const target = this.resolve(dir, entry, file, fieldPath);
      if (await this.isDirectory(target)) {
        resources.push(...(await this.build(target, [...stack, dir])));
      } else if (await this.isFile(target)) {
        resources.push(...(await this.readResources(target)));
      } else {
        throw new KustomizeError(
          file,
          fieldPath,
          `resource "${entry}" does not exist`,
        );
      }
    }

    resources = await this.applyStrategicMergePatches(
      dir,
      file,
      spec,
      resources,
    );
    resources = await this.applyPatches(dir, file, spec, resources);
    const objects = resources.map(r => r.object);
    if (typeof spec.namespace === 'string') {
      objects.forEach(o => setNamespace(o, spec.namespace));
    }
    if (spec.namePrefix || spec.nameSuffix) {
      renameObjects(objects, spec.namePrefix ?? '', spec.nameSuffix ?? '');
    }
    if (spec.commonLabels) {
      objects.forEach(o =>
        addLabels(o, spec.commonLabels, { selectors: true, templates: true }),
      );
    }
    for (const entry of this.list(spec, 'labels', file)) {
      objects.forEach(o =>
        addLabels(o, entry.pairs ?? {}, {
          selectors: entry.includeSelectors === true,
          templates: entry.includeTemplates === true,
        }),
      );
    }
    if (spec.commonAnnotations) {
      objects.forEach(o => addAnnotations(o, spec.commonAnnotations));
    }
    resources = await this.applyJson6902Patches(dir, file, spec, resources);
    const images = this.list(spec, 'images', file) as ImageOverride[];
    if (images.length > 0) {
      resources.forEach(r => setImages(r.object, images));
    }
    return resources;
  }

  private async applyStrategicMergePatches(
    dir: string,
    file: string,
    spec: Json,
    resources: RenderedResource[],
  ) {
    let result = resources;
    for (const [index, entry] of this.list(
      spec,
      'patchesStrategicMerge',
      file,
    ).entries()) {
      const fieldPath = `patchesStrategicMerge[${index}]`;
      const documents =
        typeof entry === 'string' &&
        !entry.includes('\n') &&
        !entry.trim().startsWith('{')
          ? await this.readPatchFile(dir, entry, file, fieldPath)
          : this.parsePatch(entry, file, fieldPath);
      for (const patch of documents) {
        result = this.patchByIdentity(result, patch, file, fieldPath);
      }
    }
    return result;
  }

  private async applyPatches(
    dir: string,
    file: string,
    spec: Json,
    resources: RenderedResource[],
  ) {
    let result = resources;
    for (const [index, entry] of this.list(spec, 'patches', file).entries()) {
      const fieldPath = `patches[${index}]`;
      let documents: Json[];
      if (entry.path) {
        documents = await this.readPatchFile(
          dir,
          entry.path,
          file,
          `${fieldPath}.path`,
        );
      } else if (entry.patch) {
        documents = this.parsePatch(entry.patch, file, `${fieldPath}.patch`);
      } else {
        throw new KustomizeError(
          file,
          fieldPath,
          'a patch needs "path" or "patch"',
        );
      }
      const target: PatchTarget | undefined = entry.target;
      if (documents.length === 1 && isJsonPatch(documents[0])) {
        if (!target) {
          throw new KustomizeError(
            file,
            fieldPath,
            'a JSON 6902 patch needs a "target"',
          );
        }
        result = this.patchTargets(
          result,
          target,
          o => applyJsonPatch(o, documents[0]),
          file,
          fieldPath,
        );
        continue;
      }
      for (const patch of documents) {
        result = target
          ? this.patchTargets(
              result,
              target,
              o => strategicMergePatch(o, patch),
              file,
              fieldPath,
            )
          : this.patchByIdentity(result, patch, file, fieldPath);
      }
    }
    return result;
  }

  private async applyJson6902Patches(
    dir: string,
    file: string,
    spec: Json,
    resources: RenderedResource[],
  ) {
    let result = resources;
    for (const [index, entry] of this.list(
      spec,
      'patchesJson6902',
      file,
    ).entries()) {
      const fieldPath = `patchesJson6902[${index}]`;
      const [operations] = entry.path
        ? await this.readPatchFile(dir, entry.path, file, `${fieldPath}.path`)
        : this.parsePatch(entry.patch ?? '', file, `${fieldPath}.patch`);
      if (!isJsonPatch(operations) || !entry.target) {
        throw new KustomizeError(
          file,
          fieldPath,
          'needs a "target" and a list of JSON 6902 operations',
        );
      }
      result = this.patchTargets(
        result,
        entry.target,
        o => applyJsonPatch(o, operations),
        file,
        fieldPath,
      );
    }
    return result;
  }

  private patchTargets(
    resources: RenderedResource[],
    target: PatchTarget,
    patch: (object: Json) => Json,
    file: string,
    fieldPath: string,
  ): RenderedResource[] {
    return resources.map(resource => {
      if (!matchesTarget(resource.object, target)) {
        return resource;
      }
      try {
        return { ...resource, object: patch(resource.object) };
      } catch (error) {
        throw new KustomizeError(
          file,
          fieldPath,
          `patch of ${resource.object.kind} ${
            resource.object.metadata?.name
          } failed: ${(error as Error).message}`,
        );
      }
    });
  }

  private patchByIdentity(
    resources: RenderedResource[],
    patch: Json,
    file: string,
    fieldPath: string,
  ): RenderedResource[] {
    const name = patch?.metadata?.name;
    const namespace = patch?.metadata?.namespace;
    const matches = resources.filter(
      ({ object }) =>
        object.kind === patch?.kind &&
        object.metadata?.name === name &&
        (patch.apiVersion === undefined ||
          apiGroup(object.apiVersion) === apiGroup(patch.apiVersion)) &&
        (namespace === undefined || object.metadata?.namespace === namespace),
    );
    if (matches.length !== 1) {
      throw new KustomizeError(
        file,
        fieldPath,
        `${
          matches.length === 0 ? 'no' : 'more than one'
        } resource matches the patch for ${patch?.kind} ${name}`,
      );
    }
    return resources.map(resource =>
      resource === matches[0]
        ? { ...resource, object: strategicMergePatch(resource.object, patch) }
        : resource,
    );
  }

  private list(spec: Json, field: string, file: string): Json[] {
    const value = spec[field];
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      throw new KustomizeError(file, field, `"${field}" must be a list`);
    }
    return value;
  }

  private resolve(
    dir: string,
    entry: unknown,
    file: string,
    fieldPath: string,
  ): string {
    if (typeof entry !== 'string' || entry === '') {
      throw new KustomizeError(file, fieldPath, 'must be a path');
    }
    if (/^[a-z]+:\/\//i.test(entry) || /^(github\.com|git@)/.test(entry)) {
      throw new KustomizeError(
        file,
        fieldPath,
        `remote resource "${entry}" is not supported: vendor it into the repository`,
      );
    }
    const resolved = path.posix.normalize(path.posix.join(dir, entry));
    if (
      resolved === '..' ||
      resolved.startsWith('../') ||
      path.posix.isAbsolute(resolved)
    ) {
      throw new KustomizeError(
        file,
        fieldPath,
        `"${entry}" points outside the repository`,
      );
    }
    return resolved;
  }

  private async readPatchFile(
    dir: string,
    entry: unknown,
    file: string,
    fieldPath: string,
  ) {
    const target = this.resolve(dir, entry, file, fieldPath);
    if (!(await this.isFile(target))) {
      throw new KustomizeError(
        file,
        fieldPath,
        `patch file "${entry}" does not exist`,
      );
    }
    return (await this.readDocuments(target)).map(d => d.value);
  }

  private parsePatch(text: unknown, file: string, fieldPath: string): Json[] {
    if (typeof text !== 'string') {
      return [text];
    }
    const documents = parseAllDocuments(text);
    const list = Array.isArray(documents) ? documents : [documents];
    const broken = list.find(d => d.errors.length > 0);
    if (broken) {
      throw new KustomizeError(
        file,
        fieldPath,
        `patch is not valid YAML: ${broken.errors[0].message}`,
      );
    }
    return list.map(d => d.toJS()).filter(v => v !== null && v !== undefined);
  }

  private async readResources(file: string): Promise<RenderedResource[]> {
    const documents = await this.readDocuments(file);
    return documents.map(({ value, index }) => ({
      object: value,
      file,
      document: index,
    }));
  }

  private async readDocuments(
    file: string,
  ): Promise<Array<{ value: Json; index: number }>> {
    this.consumedFiles.add(file);
    const text = await fs.readFile(path.join(this.root, file), 'utf8');
    const parsed = parseAllDocuments(text);
    const documents = Array.isArray(parsed) ? parsed : [parsed];
    const result: Array<{ value: Json; index: number }> = [];
    documents.forEach((document, index) => {
      if (document.errors.length > 0) {
        const error = document.errors[0];
        const [line, column] = error.linePos?.[0]
          ? [error.linePos[0].line, error.linePos[0].col]
          : [0, 0];
        throw new KustomizeError(
          file,
          `line ${line}, column ${column}`,
          `not valid YAML: ${error.message.split('\n')[0]}`,
        );
      }
      const value = document.toJS();
      if (value !== null && value !== undefined) {
        result.push({ value, index });
      }
    });
    return result;
  }

  private async isFile(file: string): Promise<boolean> {
    const stat = await fs
      .stat(path.join(this.root, file))
      .catch(() => undefined);
    return stat?.isFile() ?? false;
  }

  private async isDirectory(dir: string): Promise<boolean> {
    const stat = await fs
      .stat(path.join(this.root, dir))
      .catch(() => undefined);
    return stat?.isDirectory() ?? false;
  }
}
