import { execFileSync } from 'node:child_process';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { parseAllDocuments } from 'yaml';
import { KustomizeRenderer } from './KustomizeRenderer';

function kubectlPath(): string | undefined {
  try {
    return (
      execFileSync('sh', ['-c', 'command -v kubectl'], {
        encoding: 'utf8',
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

const base = {
  'deploy/base/kustomization.yaml': `
resources:
  - rollout.yaml
  - service.yaml
  - hpa.yaml
commonLabels:
  backstage.io/kubernetes-id: demo
`,
  'deploy/base/rollout.yaml': `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
spec:
  replicas: 2
  selector:
    matchLabels:
      app: demo
  template:
    metadata:
      labels:
        app: demo
    spec:
      containers:
        - name: app
          image: demo:latest
  strategy:
    canary:
      canaryService: demo-canary
      stableService: demo
      steps:
        - setWeight: 10
        - pause: { duration: 1m }
`,
  'deploy/base/service.yaml': `
apiVersion: v1
kind: Service
metadata:
  name: demo
spec:
  selector:
    app: demo
  ports:
    - port: 80
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: demo:latest
          env:
            - name: A
              value: "1"
            - name: B
              value: "2"
`,
  'deploy/base/hpa.yaml': `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: demo
spec:
  scaleTargetRef:
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    name: demo
  minReplicas: 2
  maxReplicas: 5
`,
  'deploy/overlays/production/kustomization.yaml': `
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: demo-production
resources:
  - ../../base
labels:
  - pairs:
      app.kubernetes.io/environment: production
commonAnnotations:
  owner: team-a
images:
  - name: demo
    newName: registry.example.test/demo
    newTag: "1.2.3"
patches:
  - path: rollout-patch.yaml
  - target:
      kind: HorizontalPodAutoscaler
      name: demo
    patch: |-
      - op: replace
        path: /spec/maxReplicas
        value: 10
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: worker
      spec:
        template:
          spec:
            containers:
              - name: worker
                env:
                  - name: B
                    value: "3"
`,
  'deploy/overlays/production/rollout-patch.yaml': `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
spec:
  replicas: 4
  strategy:
    canary:
      steps:
        - setWeight: 25
        - pause: {}
`,
};

function byKindAndName(objects: any[]) {
  return Object.fromEntries(
    objects.map(o => [`${o.kind}/${o.metadata.name}`, o]),
  );
}

describe('KustomizeRenderer', () => {
  const mockDir = createMockDirectory();

  beforeEach(() => mockDir.setContent(base));

  it('renders a base through an overlay', async () => {
    const renderer = new KustomizeRenderer(mockDir.path);
    const rendered = await renderer.render('deploy/overlays/production');
    const objects = byKindAndName(rendered.map(r => r.object));

    const rollout = objects['Rollout/demo'];
    expect(rollout.metadata.namespace).toBe('demo-production');
    expect(rollout.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'demo',
      'app.kubernetes.io/environment': 'production',
    });
    expect(rollout.spec.replicas).toBe(4);
    expect(rollout.spec.strategy.canary).toEqual({
      canaryService: 'demo-canary',
      stableService: 'demo',
      steps: [{ setWeight: 25 }, { pause: {} }],
    });
    expect(rollout.spec.template.spec.containers[0].image).toBe(
      'registry.example.test/demo:1.2.3',
    );
    // kustomize does not know the Rollout's schema, so its selector is left alone.
    expect(rollout.spec.selector.matchLabels).toEqual({ app: 'demo' });
    expect(objects['Service/demo'].spec.selector).toEqual({
      app: 'demo',
      'backstage.io/kubernetes-id': 'demo',
    });
    expect(objects['HorizontalPodAutoscaler/demo'].spec.maxReplicas).toBe(10);
    expect(
      objects['Deployment/worker'].spec.template.spec.containers[0].env,
    ).toEqual([
      { name: 'B', value: '3' },
      { name: 'A', value: '1' },
    ]);
    expect(
      objects['Deployment/worker'].spec.template.metadata.annotations,
    ).toEqual({
      owner: 'team-a',
    });

    expect(rendered.find(r => r.object.kind === 'Deployment')).toMatchObject({
      file: 'deploy/base/service.yaml',
      document: 1,
    });
    expect([...renderer.consumedFiles]).toContain(
      'deploy/overlays/production/rollout-patch.yaml',
    );
  });

  const kubectl = kubectlPath();
  (kubectl ? describe : describe.skip)('next to kubectl', () => {
    it('agrees with kubectl kustomize', async () => {
      const rendered = await new KustomizeRenderer(mockDir.path).render(
        'deploy/overlays/production',
      );
      const output = execFileSync(
        kubectl!,
        ['kustomize', mockDir.resolve('deploy/overlays/production')],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      const expected = parseAllDocuments(output).map(d => (d as any).toJS());
      expect(byKindAndName(rendered.map(r => r.object))).toEqual(
        byKindAndName(expected),
      );
    });
  });

  it('names the kustomization and field it cannot render', async () => {
    mockDir.addContent({
      'deploy/overlays/staging/kustomization.yaml': `
resources:
  - ../../base
  - missing.yaml
`,
      'deploy/overlays/generated/kustomization.yaml': `
resources: [../../base]
configMapGenerator:
  - name: settings
`,
      'deploy/overlays/unmatched/kustomization.yaml': `
resources: [../../base]
patches:
  - patch: |-
      kind: Rollout
      metadata:
        name: nothere
      spec:
        replicas: 1
`,
    });
    const renderer = new KustomizeRenderer(mockDir.path);
    await expect(
      renderer.render('deploy/overlays/staging'),
    ).rejects.toMatchObject({
      file: 'deploy/overlays/staging/kustomization.yaml',
      path: 'resources[1]',
      message: 'resource "missing.yaml" does not exist',
    });
    await expect(
      renderer.render('deploy/overlays/generated'),
    ).rejects.toMatchObject({
      path: 'configMapGenerator',
      message: expect.stringContaining('not supported'),
    });
    await expect(
      renderer.render('deploy/overlays/unmatched'),
    ).rejects.toMatchObject({
      path: 'patches[0]',
      message: 'no resource matches the patch for Rollout nothere',
    });
  });
});
