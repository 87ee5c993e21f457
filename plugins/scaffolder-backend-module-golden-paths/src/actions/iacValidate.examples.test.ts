import { examples } from './iacValidate.examples';
import { serviceWorkspace } from './__fixtures__/serviceWorkspace';
import {
  ScaffolderDryRun,
  startScaffolderDryRun,
} from './__testUtils__/scaffolderDryRun';

// A scaffolder backend starts, and each kustomization is rendered by a
// kustomize process.
jest.setTimeout(120_000);

/**
 * The service fixture at the root, and again under service/ with its
 * manifests in both deploy/ and k8s/, for the example that validates a
 * subdirectory with two manifest directories.
 */
const workspace: Record<string, string> = { ...serviceWorkspace };
for (const [file, text] of Object.entries(serviceWorkspace)) {
  workspace[`service/${file}`] = text;
  if (file.startsWith('deploy/')) {
    workspace[`service/k8s/${file.slice('deploy/'.length)}`] = text;
  }
}

describe('goldenpath:iac:validate examples', () => {
  let scaffolder: ScaffolderDryRun;

  beforeAll(async () => {
    scaffolder = await startScaffolderDryRun();
  });

  afterAll(() => scaffolder?.stop());

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, steps) => {
      const { status, body } = await scaffolder.run({
        steps,
        files: workspace,
      });
      expect(body.error).toBeUndefined();
      expect(status).toBe(200);
      const log: string[] = body.log.map((entry: any) => entry.body.message);
      expect(log).toContainEqual(
        expect.stringMatching(/IaC validation passed: \d+ Kubernetes objects/),
      );
    },
  );
});
