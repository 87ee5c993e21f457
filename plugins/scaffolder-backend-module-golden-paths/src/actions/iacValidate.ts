import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { formatIacProblem } from '../validation/IacProblem';
import { KustomizeCommand } from '@internal/kustomize';
import { validateWorkspace } from '../validation/validateWorkspace';
import { examples } from './iacValidate.examples';

const ACTION_ID = 'goldenpath:iac:validate';

/**
 * Creates the `goldenpath:iac:validate` action: the gate a golden-path
 * template runs before publishing. It validates catalog-info.yaml with the
 * catalog model, renders the kustomizations with real kustomize and validates every Kubernetes
 * and Argo Rollouts object against its schema, checks Terraform variables
 * and lints the CI workflows, then fails with every problem found.
 *
 * @public
 */
export function createIacValidateAction(options?: {
  /** How kustomizations are rendered; defaults to `kustomize build`, else `kubectl kustomize`, on PATH. */
  kustomize?: KustomizeCommand;
}) {
  const kustomize = options?.kustomize ?? KustomizeCommand.fromPath();
  return createTemplateAction({
    id: ACTION_ID,
    description:
      'Validates the infrastructure as code in the workspace (Kubernetes manifests rendered through kustomize, Terraform, CI workflows, catalog-info.yaml) and fails with every problem found',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory inside the workspace to validate. Defaults to the workspace root.',
            ),
        checks: z =>
          z
            .array(z.enum(['catalog', 'kubernetes', 'terraform', 'workflows']))
            .min(1)
            .optional()
            .describe('Checks to run. Defaults to all of them.'),
        manifestDirs: z =>
          z
            .array(z.string().min(1))
            .min(1)
            .optional()
            .describe(
              'Directories holding Kubernetes manifests and kustomizations. Defaults to ["deploy"].',
            ),
      },
      output: {
        summary: z =>
          z
            .object({
              files: z.number(),
              catalogEntities: z.number(),
              kustomizations: z.number(),
              kubernetesObjects: z.number(),
              terraformModules: z.number(),
              terraformVariableFiles: z.number(),
              workflows: z.number(),
            })
            .describe('How many of each kind of thing the gate checked'),
      },
    },
    async handler(ctx) {
      // The scaffolder validates the input against the schema above before
      // a step runs, and refuses it naming the field.
      const { input } = ctx;
      const root = resolveSafeChildPath(ctx.workspacePath, input.path ?? '.');
      const { problems, summary } = await validateWorkspace({
        root,
        checks: input.checks,
        manifestDirs: input.manifestDirs,
        kustomize,
      });
      if (problems.length > 0) {
        for (const problem of problems) {
          ctx.logger.error(`IaC validation: ${formatIacProblem(problem)}`);
        }
        throw new InputError(
          `IaC validation failed with ${problems.length} problem${
            problems.length === 1 ? '' : 's'
          }:\n${problems.map(p => `- ${formatIacProblem(p)}`).join('\n')}`,
        );
      }
      ctx.logger.info(
        `IaC validation passed: ${summary.kubernetesObjects} Kubernetes objects from ${summary.kustomizations} kustomizations, ${summary.terraformModules} Terraform modules, ${summary.workflows} workflows, ${summary.catalogEntities} catalog entities`,
      );
      ctx.output('summary', summary);
    },
  });
}
