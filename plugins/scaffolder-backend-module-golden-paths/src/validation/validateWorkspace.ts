import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';
import { IacProblem, uniqueProblems } from './IacProblem';
import { checkCatalogInfo } from './catalog/checkCatalogInfo';
import { KustomizeCommand } from '@internal/kustomize';
import { checkKubernetesManifests } from './kubernetes/checkKubernetesManifests';
import { checkTerraform } from './terraform/checkTerraform';
import { checkWorkflows } from './workflows/checkWorkflows';
import { listWorkspaceFiles } from './workspaceFiles';

/**
 * The checks of the IaC validation gate.
 *
 * @public
 */
export type IacCheck = 'kubernetes' | 'terraform' | 'workflows' | 'catalog';

/** All checks, in the order they run. */
export const IAC_CHECKS: IacCheck[] = [
  'catalog',
  'kubernetes',
  'terraform',
  'workflows',
];

/**
 * What the gate looked at, so a run that checked nothing is visible.
 *
 * @public
 */
export interface IacValidationSummary {
  files: number;
  catalogEntities: number;
  kustomizations: number;
  kubernetesObjects: number;
  terraformModules: number;
  terraformVariableFiles: number;
  workflows: number;
}

/** Runs the selected checks over a directory and returns every problem found. */
export async function validateWorkspace(options: {
  root: string;
  checks?: IacCheck[];
  manifestDirs?: string[];
  /** How kustomizations are rendered; defaults to kustomize or kubectl on PATH. */
  kustomize?: KustomizeCommand;
}): Promise<{ problems: IacProblem[]; summary: IacValidationSummary }> {
  const { root } = options;
  const checks = new Set(options.checks ?? IAC_CHECKS);
  const files = await listWorkspaceFiles(root);
  const problems: IacProblem[] = [];
  const summary: IacValidationSummary = {
    files: files.length,
    catalogEntities: 0,
    kustomizations: 0,
    kubernetesObjects: 0,
    terraformModules: 0,
    terraformVariableFiles: 0,
    workflows: 0,
  };

  let kubernetesId: string | undefined;
  if (checks.has('catalog')) {
    const catalog = await checkCatalogInfo({ root, files });
    problems.push(...catalog.problems);
    summary.catalogEntities = catalog.entities.length;
    kubernetesId = catalog.entities
      .map(e => e.metadata.annotations?.[KUBERNETES_ANNOTATION])
      .find(Boolean);
  }
  if (checks.has('kubernetes')) {
    const kubernetes = await checkKubernetesManifests({
      root,
      files,
      manifestDirs: options.manifestDirs ?? ['deploy'],
      kubernetesId,
      kustomize: options.kustomize ?? KustomizeCommand.fromPath(),
    });
    problems.push(...kubernetes.problems);
    summary.kustomizations = kubernetes.summary.kustomizations;
    summary.kubernetesObjects = kubernetes.summary.objects;
  }
  if (checks.has('terraform')) {
    const terraform = await checkTerraform({ root, files });
    problems.push(...terraform.problems);
    summary.terraformModules = terraform.summary.modules;
    summary.terraformVariableFiles = terraform.summary.variableFiles;
  }
  if (checks.has('workflows')) {
    const workflows = await checkWorkflows({ root, files });
    problems.push(...workflows.problems);
    summary.workflows = workflows.summary.workflows;
  }
  return { problems: uniqueProblems(problems), summary };
}
