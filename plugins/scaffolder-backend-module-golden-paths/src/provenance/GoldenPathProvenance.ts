import { JsonObject } from '@backstage/types';

/**
 * The annotation on a golden-path Template entity that carries the template's
 * version (the version of the package that bundles it).
 *
 * @public
 */
export const GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION =
  'golden-paths/template-version';

/**
 * The file, at the root of a scaffolded repository, that records where it
 * came from.
 *
 * @public
 */
export const GOLDEN_PATH_PROVENANCE_FILE = '.golden-path.json';

/**
 * What `.golden-path.json` records: enough to re-render the repository from a
 * newer version of the same template and offer the difference as an upgrade.
 *
 * @public
 */
export interface GoldenPathProvenance {
  apiVersion: 'golden-paths/v1';
  /** The template's entity ref, such as `template:default/http-service-canary`. */
  templateRef: string;
  /** The template's version when the repository was scaffolded. */
  templateVersion: string;
  /** ISO 8601 time of scaffolding. */
  scaffoldedAt: string;
  /** Who ran the template, when known. */
  scaffoldedBy?: string;
  /** The form answers, without secrets. */
  answers: JsonObject;
}

const SECRET_LIKE_KEY =
  /(secret|password|passwd|token|credential|api[-_]?key|private[-_]?key)/i;

/**
 * Removes secrets from form answers: keys named like a secret, the keys listed
 * in `excludedKeys` (at any depth), and any string equal to one of the task's
 * secret values.
 */
export function redactAnswers(
  answers: JsonObject,
  secretValues: string[],
  excludedKeys: string[],
): JsonObject {
  const excluded = new Set(excludedKeys);
  const secrets = new Set(secretValues.filter(v => v.length > 0));
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(visit).filter(v => v !== undefined);
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => !excluded.has(key) && !SECRET_LIKE_KEY.test(key))
          .map(([key, v]) => [key, visit(v)])
          .filter(([, v]) => v !== undefined),
      );
    }
    if (typeof value === 'string' && secrets.has(value)) {
      return undefined;
    }
    return value;
  };
  return visit(answers) as JsonObject;
}
