/**
 * Real kustomize for the portal's packages: one way to find it, run it and
 * read its errors.
 *
 * @packageDocumentation
 */
export {
  KustomizeCommand,
  KustomizeNotFoundError,
  type KustomizeConfig,
} from './KustomizeCommand';
export {
  KustomizeBuildError,
  kustomizeBuild,
  kustomizeErrorMessage,
  type RenderedObject,
} from './kustomizeBuild';
export { KUBECTL, requireKubectl } from './testing';
