import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  GIT_HOST,
  directoryContents,
  executable,
  providedTemplates,
  ScaffolderTestBackend,
  startScaffolder,
  writeFiles,
  yamlOf,
} from './__testUtils__/scaffolderTestBackend';

const terraform = executable('terraform');

// Each dry run renders the template and runs the IaC gate on it.
jest.setTimeout(60_000);

describe('terraform-module', () => {
  let scaffolder: ScaffolderTestBackend;
  let template: Entity;
  const output = createMockDirectory();

  beforeAll(async () => {
    template = (await providedTemplates()).find(
      t => t.metadata.name === 'terraform-module',
    )!;
    scaffolder = await startScaffolder();
  });

  afterAll(() => scaffolder?.stop());

  it('renders a module repository that passes the gate', async () => {
    const { status, files, body, log } = await scaffolder.dryRun(template, {
      name: 'team-namespace',
      description: 'A namespace for a team, with a quota',
      owner: 'group:default/platform',
      repoUrl: `${GIT_HOST}?owner=platform&repo=terraform-team-namespace`,
    });
    expect({ status, error: body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    expect(Object.keys(files).sort()).toEqual([
      '.github/workflows/ci.yaml',
      '.gitignore',
      '.golden-path.json',
      'README.md',
      'catalog-info.yaml',
      'examples/basic/main.tf',
      'examples/basic/versions.tf',
      'main.tf',
      'outputs.tf',
      'variables.tf',
      'versions.tf',
    ]);
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'IaC validation passed: 0 Kubernetes objects from 0 kustomizations, 2 Terraform modules, 1 workflows, 1 catalog entities',
        ),
      ]),
    );
    expect(files['examples/basic/main.tf']).toContain(
      'module "team-namespace" {\n  source = "../.."',
    );
    const steps = yamlOf(
      files['.github/workflows/ci.yaml'],
    ).jobs.check.steps.map((s: any) => s.run);
    expect(steps).toEqual(
      expect.arrayContaining([
        'terraform fmt -check -recursive -diff',
        'terraform init -backend=false\nterraform validate\n',
      ]),
    );
    const catalogInfo = yamlOf(files['catalog-info.yaml']);
    expect(catalogInfo.spec).toEqual({
      type: 'terraform-module',
      lifecycle: 'experimental',
      owner: 'group:default/platform',
    });
    expect(
      catalogInfo.metadata.annotations['backstage.io/source-location'],
    ).toBe(
      `url:http://${GIT_HOST}/platform/terraform-team-namespace/src/branch/main/`,
    );
    expect(files['README.md']).toContain(
      `source = "git::http://${GIT_HOST}/platform/terraform-team-namespace.git?ref=v1.0.0"`,
    );

    if (terraform) {
      await writeFiles(output.path, files);
      execFileSync(terraform, ['fmt', '-check', '-recursive', output.path], {
        stdio: 'pipe',
      });
    }
  });

  it('fails the gate when the example passes a variable the module lacks', async () => {
    const templateDir = path.dirname(
      template.metadata.annotations![
        'backstage.io/managed-by-location'
      ].replace(/^file:/, ''),
    );
    const contents = (await directoryContents(templateDir)).map(file =>
      file.path === 'skeleton/examples/basic/main.tf.njk'
        ? {
            ...file,
            base64Content: Buffer.from(
              Buffer.from(file.base64Content, 'base64')
                .toString('utf8')
                .replace(
                  '  source = "../.."\n',
                  '  source = "../.."\n  size   = 3\n',
                ),
            ).toString('base64'),
          }
        : file,
    );
    const { status, body } = await scaffolder.dryRun(
      template,
      {
        name: 'team-namespace',
        description: 'x',
        owner: 'group:default/platform',
        system: 'system:default/platform',
        repoUrl: `${GIT_HOST}?owner=platform&repo=x`,
      },
      contents,
    );
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      'IaC validation failed with 1 problem:\n- examples/basic/main.tf at module.team-namespace[0].size: module ../.. declares no variable "size"',
    );
  });
});
