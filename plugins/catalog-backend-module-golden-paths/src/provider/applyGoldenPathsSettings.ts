import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { GoldenPathsSettings } from './GoldenPathsSettings';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parameterPages(entity: Entity): JsonObject[] {
  const parameters = (entity.spec as JsonObject | undefined)?.parameters;
  return [parameters].flat().filter(isObject);
}

/**
 * Fits a bundled template to this installation: its owner, the git hosts its
 * RepoUrlPicker offers, and the platform values its fetch step renders.
 * Returns a new entity.
 */
export function applyGoldenPathsSettings(
  template: Entity,
  settings: GoldenPathsSettings,
): Entity {
  const entity: Entity = JSON.parse(JSON.stringify(template));
  if (settings.owner && entity.spec) {
    entity.spec.owner = settings.owner;
  }
  if (settings.allowedHosts) {
    for (const page of parameterPages(entity)) {
      for (const property of Object.values(
        isObject(page.properties) ? page.properties : {},
      )) {
        if (isObject(property) && property['ui:field'] === 'RepoUrlPicker') {
          const options = isObject(property['ui:options'])
            ? property['ui:options']
            : {};
          property['ui:options'] = {
            ...options,
            allowedHosts: settings.allowedHosts,
          };
        }
      }
    }
  }
  const steps = (entity.spec as JsonObject | undefined)?.steps;
  for (const step of Array.isArray(steps) ? steps : []) {
    // publish:gitea, publish:github and publish:gitlab take the same inputs
    // the templates pass (repoUrl, description, defaultBranch) and give the
    // same outputs the later steps read (remoteUrl, repoContentsUrl).
    if (
      settings.publisher &&
      isObject(step) &&
      typeof step.action === 'string' &&
      step.action.startsWith('publish:')
    ) {
      step.action = `publish:${settings.publisher}`;
    }
    if (
      !isObject(step) ||
      step.action !== 'fetch:template' ||
      !isObject(step.input)
    ) {
      continue;
    }
    const values = step.input.values;
    if (isObject(values) && isObject(values.platform)) {
      const gitBaseUrls = isObject(values.platform.gitBaseUrls)
        ? values.platform.gitBaseUrls
        : {};
      values.platform = {
        ...values.platform,
        ...settings.platform,
        gitBaseUrls: { ...gitBaseUrls, ...settings.platform.gitBaseUrls },
      };
    }
  }
  return entity;
}
