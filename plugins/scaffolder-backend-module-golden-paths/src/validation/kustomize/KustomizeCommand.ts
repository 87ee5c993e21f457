/**
 * The config key naming the command that renders kustomizations for the IaC
 * gate (`@internal/kustomize`'s `KustomizeCommand.fromConfig`).
 *
 * @public
 */
export const KUSTOMIZE_COMMAND_KEY = 'goldenPaths.validation.kustomizeCommand';
