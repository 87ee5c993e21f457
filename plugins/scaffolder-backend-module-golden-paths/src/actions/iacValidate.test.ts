import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createIacValidateAction } from './iacValidate';
import { serviceWorkspace } from './__fixtures__/serviceWorkspace';

// Each kustomization is rendered by a kustomize process.
jest.setTimeout(60_000);

describe('goldenpath:iac:validate', () => {
  const workspace = createMockDirectory();
  const action = createIacValidateAction();

  beforeEach(() => workspace.setContent(serviceWorkspace));

  it('passes a valid workspace and reports what it checked', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {},
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('summary', {
      files: 9,
      catalogEntities: 1,
      kustomizations: 2,
      kubernetesObjects: 6,
      terraformModules: 1,
      terraformVariableFiles: 1,
      workflows: 1,
    });
  });

  it('fails on a Rollout with a mistyped canary step, naming file and path, and logs it', async () => {
    workspace.addContent({
      'deploy/base/rollout.yaml': serviceWorkspace[
        'deploy/base/rollout.yaml'
      ].replace('setWeight: 20', 'setWeight: "twenty"'),
    });
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {},
      logger,
    });
    const error = await action.handler(ctx).then(
      () => undefined,
      e => e,
    );
    expect(error?.name).toBe('InputError');
    expect(error.message).toContain(
      'deploy/base/rollout.yaml at spec.strategy.canary.steps[0].setWeight: must be integer (as rendered by deploy/base)',
    );
    expect(logger.error).toHaveBeenCalledWith(
      'IaC validation: deploy/base/rollout.yaml at spec.strategy.canary.steps[0].setWeight: must be integer (as rendered by deploy/base)',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('lists problems of every kind in one failure', async () => {
    workspace.addContent({
      'deploy/base/services.yaml': serviceWorkspace[
        'deploy/base/services.yaml'
      ].replace(
        'kind: Service\nmetadata:\n  name: payments-canary',
        'kind: Servce\nmetadata:\n  name: payments-canary',
      ),
      'infra/environments/production.tfvars':
        'namespace = "payments"\nregion = "eu"\n',
      'deploy/base/rollout.yaml': serviceWorkspace[
        'deploy/base/rollout.yaml'
      ].replace('        backstage.io/kubernetes-id: payments\n', ''),
    });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {},
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /IaC validation failed with 3 problems:\n- deploy\/base\/rollout.yaml at spec.template.metadata.labels\["backstage.io\/kubernetes-id"\]: must be "payments".*\n- deploy\/base\/services.yaml at kind: unknown kind Servce in v1.*\n- infra\/environments\/production.tfvars at region: sets "region"/,
    );
  });

  it('fails with what kustomize says when it refuses a kustomization', async () => {
    workspace.addContent({
      'deploy/overlays/broken/kustomization.yaml':
        'resources: [../../base, missing.yaml]\n',
    });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {},
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /IaC validation failed with 1 problem:\n- deploy\/overlays\/broken\/kustomization.yaml: kustomize cannot render deploy\/overlays\/broken: .*missing\.yaml/,
    );
  });

  it('refuses, rather than passes, when kustomize cannot be run', async () => {
    const originalPath = process.env.PATH;
    process.env.PATH = workspace.resolve('no-bin');
    try {
      const ctx = createMockActionContext({
        workspacePath: workspace.path,
        input: {},
      });
      await expect(createIacValidateAction().handler(ctx)).rejects.toThrow(
        /neither "kustomize" nor "kubectl" is on PATH\. Install kubectl/,
      );
      expect(ctx.output).not.toHaveBeenCalled();
    } finally {
      process.env.PATH = originalPath;
    }
  });

  it('runs only the selected checks in a subdirectory', async () => {
    workspace.setContent({
      service: serviceWorkspace,
      'catalog-info.yaml': 'broken: [',
    });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { path: 'service', checks: ['terraform' as const] },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'summary',
      expect.objectContaining({ terraformModules: 1, kubernetesObjects: 0 }),
    );
  });

  it('refuses a path outside the workspace', async () => {
    await expect(
      action.handler(
        createMockActionContext({
          workspacePath: workspace.path,
          input: { path: '../..' },
        }),
      ),
    ).rejects.toThrow(/outside/);
  });
});
