/**
 * The delivery backend plugin: the Argo Rollouts releases of catalog entities,
 * and promote, promote fully, abort, retry and roll back, authorized on the
 * entity, audited and recorded in a release history.
 *
 * @packageDocumentation
 */

export { deliveryPlugin as default } from './plugin';
export { deliveryModuleGithubActions } from './cicd/github/githubActionsModule';
