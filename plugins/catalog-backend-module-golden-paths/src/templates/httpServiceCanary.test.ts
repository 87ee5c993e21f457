import { execFileSync } from 'node:child_process';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  GIT_HOST,
  TEMPLATES_DIR,
  directoryContents,
  executable,
  providedTemplates,
  ScaffolderTestBackend,
  startScaffolder,
  writeFiles,
  yamlDocuments,
  yamlOf,
} from './__testUtils__/scaffolderTestBackend';
import path from 'node:path';

const answers = {
  name: 'payments',
  description: 'Takes payments',
  owner: 'group:default/checkout',
  system: 'system:default/shop',
  repoUrl: `${GIT_HOST}?owner=checkout&repo=payments`,
};

const kubectl = executable('kubectl');
const terraform = executable('terraform');

// Each dry run renders the template, runs the IaC gate and real kustomize.
jest.setTimeout(60_000);

describe('http-service-canary', () => {
  let scaffolder: ScaffolderTestBackend;
  let template: Entity;
  const output = createMockDirectory();

  beforeAll(async () => {
    template = (await providedTemplates()).find(
      t => t.metadata.name === 'http-service-canary',
    )!;
    scaffolder = await startScaffolder();
  });

  afterAll(() => scaffolder?.stop());

  it('renders a service that passes the gate, with the default answers', async () => {
    const result = await scaffolder.dryRun(template, answers);
    expect(result.status).toBe(200);
    const { files } = result;

    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'README.md',
        'Dockerfile',
        'package.json',
        'src/app.ts',
        'src/app.test.ts',
        'src/metrics.ts',
        'slo.yaml',
        '.github/workflows/ci.yaml',
        'deploy/overlays/staging/kustomization.yaml',
        'deploy/overlays/production/kustomization.yaml',
        'infra/environments/staging.tfvars',
        'infra/environments/production.tfvars',
        '.golden-path.json',
      ]),
    );
    expect(result.log).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'IaC validation passed: 21 Kubernetes objects from 3 kustomizations, 1 Terraform modules, 1 workflows, 1 catalog entities',
        ),
      ]),
    );
    expect(result.log).toEqual(
      expect.arrayContaining([
        'Skipping because publish:gitea does not support dry-run',
        'Skipping because goldenpath:catalog:register does not support dry-run',
      ]),
    );

    const rollout = yamlOf(files['deploy/base/rollout.yaml']);
    expect(rollout.spec.strategy.canary).toEqual({
      stableService: 'payments',
      canaryService: 'payments-canary',
      trafficRouting: { nginx: { stableIngress: 'payments' } },
      scaleDownDelaySeconds: 30,
      analysis: {
        // Judged from the step the canary takes its traffic share on.
        startingStep: 2,
        templates: [{ templateName: 'payments-success-rate' }],
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
      // A single canary pod on 5 % of the traffic, judged; then the
      // cut-over, its pods following the weight.
      steps: [
        { setCanaryScale: { replicas: 1 } },
        { setWeight: 5 },
        { pause: { duration: '5m' } },
        { setCanaryScale: { matchTrafficWeight: true } },
        { setWeight: 10 },
        { pause: { duration: '2m' } },
        { setWeight: 25 },
        { pause: { duration: '5m' } },
        { setWeight: 50 },
        { pause: { duration: '10m' } },
      ],
    });
    // The router the canary's weights are written to.
    const ingress = yamlOf(files['deploy/base/ingress.yaml']);
    expect(ingress.spec.rules[0].http.paths[0]).toEqual({
      path: '/',
      pathType: 'Prefix',
      backend: { service: { name: 'payments', port: { name: 'http' } } },
    });
    expect(
      rollout.spec.template.metadata.labels['backstage.io/kubernetes-id'],
    ).toBe('payments');
    // The portal acts on this Rollout only through the entity it names.
    expect(rollout.metadata.annotations['delivery/owning-entity']).toBe(
      'component:default/payments',
    );
    // Replaced pods finish the requests they hold: a preStop wait while the
    // endpoints catch up, then the server's drain, within the grace period.
    expect(rollout.spec.template.spec.terminationGracePeriodSeconds).toBe(45);
    expect(rollout.spec.template.spec.containers[0].lifecycle).toEqual({
      preStop: { exec: { command: ['sleep', '10'] } },
    });

    const analysis = yamlOf(files['deploy/base/analysis-template.yaml']);
    expect(analysis.spec.metrics[0].successCondition).toContain(
      'result[0] >= 0.99',
    );
    expect(analysis.spec.metrics[0].provider.prometheus.query).toContain(
      'http_requests_total{namespace="{{args.namespace}}",rollouts_pod_template_hash="{{args.pod-template-hash}}",code!~"5.."}',
    );
    expect(analysis.spec.args).toContainEqual({
      name: 'prometheus-address',
      value: 'http://prometheus.monitoring.svc:9090',
    });
    expect(
      yamlDocuments(files['deploy/base/services.yaml']).map(
        s => s.metadata.name,
      ),
    ).toEqual(['payments', 'payments-canary']);
    expect(yamlOf(files['deploy/base/hpa.yaml']).spec.scaleTargetRef).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: 'payments',
    });
    expect(
      yamlOf(files['deploy/base/kustomization.yaml']).labels[0].pairs,
    ).toMatchObject({
      'backstage.io/kubernetes-id': 'payments',
      'app.kubernetes.io/part-of': 'shop',
    });

    const production = yamlOf(
      files['deploy/overlays/production/kustomization.yaml'],
    );
    expect(production.namespace).toBe('payments');
    expect(yamlOf(production.patches[0].patch)).toContainEqual({
      op: 'add',
      path: '/spec/strategy/canary/steps/3',
      value: { pause: {} },
    });

    const catalogInfo = yamlOf(files['catalog-info.yaml']);
    expect(catalogInfo.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'payments',
      'backstage.io/kubernetes-namespace': 'payments',
      'backstage.io/source-location': `url:http://${GIT_HOST}/checkout/payments/src/branch/main/`,
      'platform-portal/cdevents-source': `http://${GIT_HOST}/checkout/payments`,
      'delivery/canary-metrics': expect.any(String),
    });
    // The metrics the portal judges releases by, from what the service exports.
    const canaryMetrics = yamlOf(
      catalogInfo.metadata.annotations['delivery/canary-metrics'],
    );
    expect(canaryMetrics.map((m: any) => [m.name, m.kind])).toEqual([
      ['error-ratio', 'errorRatio'],
      ['latency-p95', 'samples'],
    ]);
    expect(canaryMetrics[0].errorsQuery).toBe(
      'sum(increase(http_requests_total{ {{selector}}, code=~"5.." }[{{step}}]))',
    );
    expect(catalogInfo.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/checkout',
      system: 'system:default/shop',
    });

    expect(files['infra/environments/staging.tfvars']).toBe(
      'service_name = "payments"\nenvironment  = "staging"\nnamespace    = "payments"\nkube_context = "staging"\n',
    );
    expect(files['infra/main.tf']).not.toContain('postgresql');

    const workflow = yamlOf(files['.github/workflows/ci.yaml']);
    expect(Object.keys(workflow.jobs)).toEqual([
      'build',
      'image',
      'deploy-staging',
      'approve-production',
      'deploy-production',
      'report',
    ]);
    expect(workflow.jobs['approve-production'].environment).toBe(
      'production-approval',
    );
    expect(files['.github/workflows/ci.yaml']).toContain(
      'cdevent.sh service.deployed.0.2.0',
    );
    expect(files['.github/scripts/cdevent.sh']).toContain(
      '"type": "dev.cdevents.${event}"',
    );
    expect(files['README.md']).toContain(
      "a single canary pod on 5% of the traffic judged for 5m, in production then the release manager's decision, then cut-over steps 10% for 2m, 25% for 5m, 50% for 10m",
    );
    expect(yamlOf(files['slo.yaml'])).toMatchObject({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
    });
    expect(files['src/metrics.ts']).toContain(
      "name: 'http_request_duration_seconds'",
    );

    expect(JSON.parse(files['.golden-path.json'])).toMatchObject({
      templateRef: 'template:default/http-service-canary',
      templateVersion:
        template.metadata.annotations!['golden-paths/template-version'],
      answers: {
        name: 'payments',
        canarySteps: expect.any(Array),
        environments: ['staging', 'production'],
      },
    });
    expect(
      JSON.parse(files['.golden-path.json']).answers.repoUrl,
    ).toBeUndefined();
    expect(result.body.output.links).toEqual([
      { title: 'Repository', url: expect.any(String) },
      // A dry run fills skipped steps' declared outputs with placeholders.
      { title: 'Open in catalog', icon: 'catalog', entityRef: '<example>' },
    ]);

    await writeFiles(output.path, files);
    if (terraform) {
      execFileSync(
        terraform,
        ['fmt', '-check', '-recursive', path.join(output.path, 'infra')],
        { stdio: 'pipe' },
      );
    }
  });

  it('renders the answers given: own steps, production only, a PostgreSQL database', async () => {
    const { status, files, body } = await scaffolder.dryRun(template, {
      ...answers,
      canaryWeight: 2,
      canaryJudgement: '30m',
      canarySteps: [
        { weight: 5, pause: '' },
        { weight: 30, pause: '1h' },
      ],
      successRate: 0.95,
      manualPromotion: false,
      environments: ['production'],
      dataStore: 'postgresql',
      lifecycle: 'production',
    });
    expect({ status, error: body.error }).toEqual({
      status: 200,
      error: undefined,
    });

    expect(
      yamlOf(files['deploy/base/rollout.yaml']).spec.strategy.canary.steps,
    ).toEqual([
      { setCanaryScale: { replicas: 1 } },
      { setWeight: 2 },
      { pause: { duration: '30m' } },
      { setCanaryScale: { matchTrafficWeight: true } },
      { setWeight: 5 },
      { pause: {} },
      { setWeight: 30 },
      { pause: { duration: '1h' } },
    ]);
    expect(files['deploy/overlays/staging/kustomization.yaml']).toBeUndefined();
    expect(files['infra/environments/staging.tfvars']).toBeUndefined();
    expect(
      files['deploy/overlays/production/kustomization.yaml'],
    ).not.toContain('/spec/strategy/canary/steps/');
    expect(files['deploy/base/analysis-template.yaml']).toContain(
      'result[0] >= 0.95',
    );
    expect(files['infra/main.tf']).toContain(
      'resource "postgresql_database" "service"',
    );
    expect(files['infra/variables.tf']).toContain(
      'variable "postgres_admin_password"',
    );
    expect(files['infra/environments/production.tfvars']).toContain(
      'postgres_host       = "postgresql.production.internal"',
    );
    expect(files['infra/environments/production.tfvars']).not.toContain(
      'password',
    );
    expect(yamlOf(files['catalog-info.yaml']).spec.lifecycle).toBe(
      'production',
    );

    const workflow = yamlOf(files['.github/workflows/ci.yaml']);
    expect(Object.keys(workflow.jobs)).toEqual([
      'build',
      'image',
      'approve-production',
      'deploy-production',
      'report',
    ]);
    expect(workflow.jobs['approve-production'].needs).toBe('image');

    if (terraform) {
      const dir = output.resolve('postgresql');
      await writeFiles(dir, files);
      execFileSync(
        terraform,
        ['fmt', '-check', '-recursive', path.join(dir, 'infra')],
        { stdio: 'pipe' },
      );
    }
  });

  it('renders an object storage bucket for staging only', async () => {
    const { status, files } = await scaffolder.dryRun(template, {
      ...answers,
      environments: ['staging'],
      dataStore: 'bucket',
    });
    expect(status).toBe(200);
    expect(
      files['deploy/overlays/production/kustomization.yaml'],
    ).toBeUndefined();
    expect(files['infra/main.tf']).toContain(
      'resource "aws_s3_bucket" "service"',
    );
    expect(files['infra/environments/staging.tfvars']).toContain(
      'bucket_region = "eu-central-1"',
    );
    expect(
      Object.keys(yamlOf(files['.github/workflows/ci.yaml']).jobs),
    ).toEqual(['build', 'image', 'deploy-staging', 'report']);
  });

  describe('next to kubectl', () => {
    beforeAll(() => {
      if (!kubectl) {
        throw new Error(
          'kubectl is required for this test but is not on PATH. Install kubectl 1.32 (`source scripts/system-deps.sh && ensure_kubectl` from the repository root, or the Kubernetes release binaries or your OS package manager) and put it on PATH.',
        );
      }
    });

    it('renders overlays that real kustomize renders too', async () => {
      const { files } = await scaffolder.dryRun(template, answers);
      const dir = output.resolve('kubectl');
      await writeFiles(dir, files);
      const rendered = yamlDocuments(
        execFileSync(
          kubectl!,
          ['kustomize', path.join(dir, 'deploy/overlays/production')],
          {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        ),
      );
      expect(
        rendered.map(o => `${o.kind}/${o.metadata.namespace}`).sort(),
      ).toEqual([
        'AnalysisTemplate/payments',
        'HorizontalPodAutoscaler/payments',
        'Ingress/payments',
        'PodDisruptionBudget/payments',
        'Rollout/payments',
        'Service/payments',
        'Service/payments',
      ]);
      expect(rendered.map(o => o.metadata.labels)).toEqual(
        rendered.map(() =>
          expect.objectContaining({
            'backstage.io/kubernetes-id': 'payments',
            'app.kubernetes.io/environment': 'production',
          }),
        ),
      );
      const rollout = rendered.find(o => o.kind === 'Rollout');
      expect(rollout.spec.replicas).toBe(3);
      // The release manager's decision sits right after the canary phase
      // (one pod, its share of traffic and its judgement), before the
      // cut-over.
      expect(rollout.spec.strategy.canary.steps).toEqual([
        { setCanaryScale: { replicas: 1 } },
        { setWeight: 5 },
        { pause: { duration: '5m' } },
        { pause: {} },
        { setCanaryScale: { matchTrafficWeight: true } },
        { setWeight: 10 },
        { pause: { duration: '2m' } },
        { setWeight: 25 },
        { pause: { duration: '5m' } },
        { setWeight: 50 },
        { pause: { duration: '10m' } },
      ]);
    });
  });

  it('paces a cut-over over days in hours, as Argo Rollouts reads pauses', async () => {
    const steps = (pause: string) => [
      { weight: 5, pause: '10m' },
      { weight: 50, pause },
    ];
    const days = await scaffolder.dryRun(template, {
      ...answers,
      canarySteps: steps('48h'),
    });
    expect(days.status).toBe(200);
    for (const pause of ['2d', '1 h', '1.5h']) {
      const { status, body } = await scaffolder.dryRun(template, {
        ...answers,
        canarySteps: steps(pause),
      });
      expect({ pause, status }).toEqual({ pause, status: 400 });
      expect(JSON.stringify(body.errors)).toMatch(/pause/);
    }
  });

  it('judges the canary for a set time: no open-ended judgement, a small share', async () => {
    for (const [field, value] of [
      ['canaryJudgement', ''],
      ['canaryJudgement', '2d'],
      ['canaryWeight', 0],
      ['canaryWeight', 60],
    ] as const) {
      const { status, body } = await scaffolder.dryRun(template, {
        ...answers,
        [field]: value,
      });
      expect({ field, value, status }).toEqual({ field, value, status: 400 });
      expect(JSON.stringify(body.errors)).toContain(field);
    }
  });

  it('rejects a name Kubernetes or the git host would refuse', async () => {
    for (const name of ['Payments', 'payments-', '9lives', 'a'.repeat(56)]) {
      const { status, body } = await scaffolder.dryRun(template, {
        ...answers,
        name,
      });
      expect({ name, status }).toEqual({ name, status: 400 });
      expect(JSON.stringify(body.errors)).toMatch(
        /does not match pattern|does not meet maximum length/,
      );
    }
  });

  it('stops at the gate when a manifest is broken', async () => {
    const templateDir = path.dirname(
      template.metadata.annotations![
        'backstage.io/managed-by-location'
      ].replace(/^file:/, ''),
    );
    const contents = (await directoryContents(templateDir)).map(file =>
      file.path === 'skeleton/deploy/base/rollout.yaml.njk'
        ? {
            ...file,
            base64Content: Buffer.from(
              Buffer.from(file.base64Content, 'base64')
                .toString('utf8')
                .replace(
                  '- setWeight: ${{ step.weight }}',
                  '- setWeight: "twenty"',
                ),
            ).toString('base64'),
          }
        : file,
    );
    const { status, body } = await scaffolder.dryRun(
      template,
      answers,
      contents,
    );
    expect(status).toBe(400);
    expect(body.error.name).toBe('InputError');
    expect(body.error.message).toContain(
      'deploy/base/rollout.yaml at spec.strategy.canary.steps[4].setWeight: must be integer (as rendered by deploy/base)',
    );
  });
});

describe('http-service-canary run as a task from the catalog', () => {
  const copy = createMockDirectory();
  let scaffolder: ScaffolderTestBackend;
  let broken: Entity;

  beforeAll(async () => {
    // A copy of the bundled template whose Rollout has a mistyped first step.
    const files = await directoryContents(
      path.join(TEMPLATES_DIR, 'http-service'),
    );
    copy.setContent(
      Object.fromEntries(
        files.map(file => {
          const text = Buffer.from(file.base64Content, 'base64').toString(
            'utf8',
          );
          return [
            `templates/http-service/${file.path}`,
            file.path === 'skeleton/deploy/base/rollout.yaml.njk'
              ? text.replace(
                  '- setWeight: ${{ step.weight }}',
                  '- setWeight: "twenty"',
                )
              : text,
          ];
        }),
      ),
    );
    broken = (await providedTemplates(copy.resolve('templates'))).find(
      t => t.metadata.name === 'http-service-canary',
    )!;
    scaffolder = await startScaffolder({ entities: [broken] });
  });

  afterAll(() => scaffolder?.stop());

  it('fetches the skeleton next to its template file, fails at the gate and runs nothing after it', async () => {
    const { status, events } = await scaffolder.runTask(
      'template:default/http-service-canary',
      answers,
      broken,
    );
    expect(status).toBe('failed');

    const stepsStarted = events
      .filter(e => e.body?.status === 'processing')
      .map(e => e.body.stepId);
    expect(stepsStarted).toEqual([
      'fetch',
      'prune-staging',
      'prune-production',
      'validate',
    ]);
    // Both environments were chosen, so nothing was pruned.
    for (const step of ['prune-staging', 'prune-production']) {
      expect(
        events.filter(e => e.body?.stepId === step).map(e => e.body.status),
      ).toContain('skipped');
    }
    const failure = events.find(
      e => e.body?.stepId === 'validate' && e.body?.status === 'failed',
    );
    expect(failure.body.message).toContain(
      'deploy/base/rollout.yaml at spec.strategy.canary.steps[4].setWeight: must be integer (as rendered by deploy/base)',
    );
    for (const step of ['provenance', 'publish', 'register']) {
      expect(
        events.filter(e => e.body?.stepId === step).map(e => e.body),
      ).toEqual([
        {
          stepId: step,
          status: 'skipped',
          message: `Skipping step ${step} because a previous step failed`,
        },
      ]);
    }
  });
});
