import { createMockDirectory } from '@backstage/backend-test-utils';
import { listWorkspaceFiles } from '../workspaceFiles';
import { checkTerraform } from './checkTerraform';

describe('checkTerraform', () => {
  const mockDir = createMockDirectory();

  async function check() {
    return checkTerraform({
      root: mockDir.path,
      files: await listWorkspaceFiles(mockDir.path),
    });
  }

  it('accepts a module whose references and tfvars are all declared', async () => {
    mockDir.setContent({
      'infra/variables.tf':
        'variable "name" {\n  type = string\n}\nvariable "replicas" {\n  type = number\n  default = 2\n}\n',
      'infra/main.tf':
        'resource "kubernetes_namespace" "this" {\n  metadata {\n    name = "${var.name}-${var.replicas}"\n  }\n}\n',
      'infra/environments/staging.tfvars': 'name = "demo"\nreplicas = 3\n',
      'examples/basic/main.tf':
        'module "demo" {\n  source = "../../infra"\n  name = "x"\n}\n',
    });
    await expect(check()).resolves.toEqual({
      problems: [],
      summary: { modules: 2, variableFiles: 1 },
    });
  });

  it('reports undeclared references, tfvars keys and module arguments', async () => {
    mockDir.setContent({
      'infra/variables.tf': 'variable "name" {\n  type = string\n}\n',
      'infra/main.tf':
        'resource "kubernetes_namespace" "this" {\n  metadata {\n    name = var.namespace\n  }\n}\n',
      'infra/environments/production.tfvars': 'name = "demo"\nregion = "eu"\n',
      'examples/basic/main.tf':
        'module "demo" {\n  source = "../../infra"\n  size = 3\n}\n',
    });
    const { problems } = await check();
    expect(problems).toEqual([
      {
        check: 'terraform',
        file: 'examples/basic/main.tf',
        path: 'module.demo[0].size',
        message: 'module ../../infra declares no variable "size"',
      },
      {
        check: 'terraform',
        file: 'infra/main.tf',
        path: 'resource.kubernetes_namespace.this[0].metadata[0].name',
        message:
          'references var.namespace, but the module in infra declares no variable "namespace"',
      },
      {
        check: 'terraform',
        file: 'infra/environments/production.tfvars',
        path: 'region',
        message:
          'sets "region", but the module in infra declares no such variable',
      },
    ]);
  });

  it('reports HCL syntax errors with their position', async () => {
    mockDir.setContent({ 'main.tf': 'resource "x" "y" {\n' });
    const { problems } = await check();
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'main.tf',
        path: 'line 1, column 18',
        message: expect.stringContaining('Unclosed configuration block'),
      }),
    ]);
  });
});
