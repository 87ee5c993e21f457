import { Entity } from '@backstage/catalog-model';

/**
 * The annotation that ties CDEvents to a catalog entity: one or more
 * CDEvents sources, comma-separated. An event belongs to the entity when its
 * CloudEvent `source` equals one of them or lies under it (the value
 * followed by `/`). The golden-path templates set it to the repository's
 * web address, under which their workflow runs report
 * (`<server>/<owner>/<repo>/actions/runs/<id>`).
 *
 * @public
 */
export const CDEVENTS_SOURCE_ANNOTATION = 'platform-portal/cdevents-source';

/**
 * The CDEvents source prefixes an entity declares; empty when it declares
 * none.
 *
 * @public
 */
export function cdEventsSourcesOf(entity: Entity): string[] {
  const value = entity.metadata.annotations?.[CDEVENTS_SOURCE_ANNOTATION];
  if (!value) return [];
  return value
    .split(',')
    .map(s => s.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

/**
 * The annotation the GitHub Actions provider reads: `owner/repo`, as the
 * Backstage GitHub plugins use it.
 *
 * @public
 */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';
