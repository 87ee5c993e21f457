import fs from 'node:fs/promises';
import path from 'node:path';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION } from '@internal/plugin-scaffolder-backend-module-golden-paths';
import { parse } from 'yaml';

const TEMPLATE_FILE_SUFFIX = '.template.yaml';

/**
 * Reads every `<templatesDir>/<dir>/*.template.yaml`, checks it is a valid
 * v1beta3 Template, and annotates it with its file location (so
 * `fetch:template` resolves `./skeleton` next to it) and its version, the
 * version of this package that bundles it (the provenance action records it).
 *
 * Several templates may sit in one directory and share its `skeleton`:
 * `fetch:template` refuses a `url` outside the template's own directory, so
 * sharing a skeleton means sharing the directory.
 */
export async function readBundledTemplates(
  templatesDir: string,
  version: string,
): Promise<Entity[]> {
  const templates: Entity[] = [];
  for (const file of await templateFiles(templatesDir)) {
    const entity = parse(await fs.readFile(file, 'utf8')) as Entity;
    try {
      if (!(await templateEntityV1beta3Validator.check(entity))) {
        throw new Error('not a scaffolder.backstage.io/v1beta3 Template');
      }
    } catch (error) {
      throw new InputError(
        `Bundled template ${file} is invalid: ${(error as Error).message}`,
      );
    }
    const location = `file:${file}`;
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      [ANNOTATION_LOCATION]: location,
      [ANNOTATION_ORIGIN_LOCATION]: location,
      [GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION]: version,
    };
    templates.push(entity);
  }
  return templates;
}

/** The template files one directory down, in a stable order. */
async function templateFiles(templatesDir: string): Promise<string[]> {
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name.localeCompare(b.name);
  const dirs = (await fs.readdir(templatesDir, { withFileTypes: true }))
    .filter(e => e.isDirectory())
    .sort(byName);
  const files: string[] = [];
  for (const dir of dirs) {
    const entries = await fs.readdir(path.join(templatesDir, dir.name), {
      withFileTypes: true,
    });
    files.push(
      ...entries
        .filter(e => e.isFile() && e.name.endsWith(TEMPLATE_FILE_SUFFIX))
        .sort(byName)
        .map(e => path.join(templatesDir, dir.name, e.name)),
    );
  }
  return files;
}
