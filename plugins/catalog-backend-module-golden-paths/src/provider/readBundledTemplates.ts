import fs from 'node:fs/promises';
import path from 'node:path';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { parse } from 'yaml';

/**
 * The annotation carrying a golden-path template's version: the version of
 * this package, which bundles it.
 *
 * @public
 */
export const GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION =
  'golden-paths/template-version';

/**
 * Reads `<templatesDir>/<name>/template.yaml` for every template directory,
 * checks it is a valid v1beta3 Template, and annotates it with its file
 * location (so `fetch:template` resolves `./skeleton` next to it) and its
 * version.
 */
export async function readBundledTemplates(
  templatesDir: string,
  version: string,
): Promise<Entity[]> {
  const entries = await fs.readdir(templatesDir, { withFileTypes: true });
  const templates: Entity[] = [];
  for (const entry of entries
    .filter(e => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(templatesDir, entry.name, 'template.yaml');
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) {
      continue;
    }
    const entity = parse(text) as Entity;
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
