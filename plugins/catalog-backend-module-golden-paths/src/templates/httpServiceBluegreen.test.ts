import { Entity } from '@backstage/catalog-model';
import {
  GIT_HOST,
  providedTemplates,
  ScaffolderTestBackend,
  startScaffolder,
  yamlDocuments,
  yamlOf,
} from './__testUtils__/scaffolderTestBackend';

const answers = {
  name: 'search',
  description: 'Finds products',
  owner: 'group:default/discovery',
  system: 'system:default/shop',
  repoUrl: `${GIT_HOST}?owner=discovery&repo=search`,
};

// Each dry run renders the template, runs the IaC gate and real kustomize.
jest.setTimeout(60_000);

describe('http-service-bluegreen', () => {
  let scaffolder: ScaffolderTestBackend;
  let template: Entity;

  beforeAll(async () => {
    template = (await providedTemplates()).find(
      t => t.metadata.name === 'http-service-bluegreen',
    )!;
    scaffolder = await startScaffolder();
  });

  afterAll(() => scaffolder?.stop());

  it('renders a blue/green Rollout that waits for a promotion', async () => {
    const { status, files, body } = await scaffolder.dryRun(template, {
      ...answers,
      successRate: 0.98,
      dataStore: 'postgresql',
    });
    expect({ status, error: body.error }).toEqual({
      status: 200,
      error: undefined,
    });

    const rollout = yamlOf(files['deploy/base/rollout.yaml']);
    expect(rollout.spec.strategy).toEqual({
      blueGreen: {
        activeService: 'search',
        previewService: 'search-preview',
        autoPromotionEnabled: false,
        scaleDownDelaySeconds: 30,
        prePromotionAnalysis: {
          templates: [{ templateName: 'search-success-rate' }],
          args: [
            {
              name: 'pod-template-hash',
              valueFrom: { podTemplateHashValue: 'Latest' },
            },
            {
              name: 'namespace',
              valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
            },
          ],
        },
      },
    });
    expect(
      yamlDocuments(files['deploy/base/services.yaml']).map(
        s => s.metadata.name,
      ),
    ).toEqual(['search', 'search-preview']);
    const metric = yamlOf(files['deploy/base/analysis-template.yaml']).spec
      .metrics[0];
    expect(metric.count).toBe(5);
    expect(metric.successCondition).toContain('result[0] >= 0.98');
    expect(
      files['deploy/overlays/production/kustomization.yaml'],
    ).not.toContain('canary');

    const catalogInfo = yamlOf(files['catalog-info.yaml']);
    expect(catalogInfo.metadata.tags).toContain('blue-green');
    expect(catalogInfo.metadata.annotations['backstage.io/kubernetes-id']).toBe(
      'search',
    );
    expect(files['infra/environments/staging.tfvars']).toContain(
      'environment  = "staging"',
    );
    expect(files['README.md']).toContain(
      'blue/green: active and preview Services',
    );
    expect(JSON.parse(files['.golden-path.json'])).toMatchObject({
      templateRef: 'template:default/http-service-bluegreen',
      answers: { strategy: 'blueGreen', dataStore: 'postgresql' },
    });
  });

  it('accepts no canary steps, and offers no canary questions', async () => {
    const properties = [(template.spec as any).parameters]
      .flat()
      .flatMap((page: any) => Object.keys(page.properties ?? {}));
    expect(properties).not.toContain('canarySteps');
    expect(properties).not.toContain('manualPromotion');
    expect(properties).toEqual(
      expect.arrayContaining([
        'name',
        'owner',
        'system',
        'environments',
        'dataStore',
        'repoUrl',
      ]),
    );
  });
});
