import fs from 'node:fs/promises';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createProvenanceWriteAction } from './provenanceWrite';

describe('goldenpath:provenance:write', () => {
  const workspace = createMockDirectory();
  const action = createProvenanceWriteAction();
  const templateInfo = {
    entityRef: 'template:default/http-service-canary',
    entity: {
      metadata: {
        name: 'http-service-canary',
        annotations: { 'golden-paths/template-version': '0.1.0' },
      },
    },
  };

  beforeEach(() => workspace.clear());

  it('records the template, its version and the answers without secrets', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      templateInfo,
      user: { ref: 'user:default/guest' },
      secrets: { gitToken: 's3cr3t' },
      input: {
        answers: {
          name: 'payments',
          owner: 'group:default/checkout',
          canarySteps: [{ weight: 10, pause: '2m' }],
          webhookToken: 'abc',
          note: 's3cr3t',
        },
      },
    });
    await action.handler(ctx);

    const written = JSON.parse(
      await fs.readFile(workspace.resolve('.golden-path.json'), 'utf8'),
    );
    expect(written).toEqual({
      apiVersion: 'golden-paths/v1',
      templateRef: 'template:default/http-service-canary',
      templateVersion: '0.1.0',
      scaffoldedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      scaffoldedBy: 'user:default/guest',
      answers: {
        name: 'payments',
        owner: 'group:default/checkout',
        canarySteps: [{ weight: 10, pause: '2m' }],
      },
    });
    expect(ctx.output).toHaveBeenCalledWith('path', '.golden-path.json');
    expect(ctx.output).toHaveBeenCalledWith('templateVersion', '0.1.0');
  });

  it('takes an explicit ref, version and path', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        answers: { name: 'x', repoUrl: 'host?owner=a&repo=x' },
        templateRef: 'template:default/terraform-module',
        templateVersion: '2.0.0',
        excludeAnswers: ['repoUrl'],
        path: 'meta/provenance.json',
      },
    });
    await action.handler(ctx);
    const written = JSON.parse(
      await fs.readFile(workspace.resolve('meta/provenance.json'), 'utf8'),
    );
    expect(written).toMatchObject({
      templateRef: 'template:default/terraform-module',
      templateVersion: '2.0.0',
      answers: { name: 'x' },
    });
  });

  it('fails when the template has no version to record', async () => {
    await expect(
      action.handler(
        createMockActionContext({
          workspacePath: workspace.path,
          input: { answers: {} },
          templateInfo: {
            entityRef: 'template:default/other',
            entity: { metadata: { name: 'other' } },
          },
        }),
      ),
    ).rejects.toThrow(/has no golden-paths\/template-version annotation/);
  });
});
