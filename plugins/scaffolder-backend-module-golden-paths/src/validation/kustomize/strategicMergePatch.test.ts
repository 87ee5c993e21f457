import { strategicMergePatch } from './strategicMergePatch';

const podSpec = {
  containers: [
    {
      name: 'app',
      image: 'demo:1',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      ports: [{ containerPort: 8080, name: 'http' }],
    },
  ],
};

describe('strategicMergePatch', () => {
  it('merges lists of a built-in kind by their merge key', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { a: 'b' } },
      spec: { replicas: 1, template: { spec: podSpec } },
    };
    const result = strategicMergePatch(deployment, {
      metadata: { labels: { a: null, c: 'd' } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                env: [
                  { name: 'B', value: '3' },
                  { name: 'A', $patch: 'delete' },
                ],
              },
            ],
          },
        },
      },
    });
    expect(result.metadata.labels).toEqual({ c: 'd' });
    expect(result.spec.replicas).toBe(3);
    expect(result.spec.template.spec.containers).toEqual([
      {
        name: 'app',
        image: 'demo:1',
        env: [{ name: 'B', value: '3' }],
        ports: [{ containerPort: 8080, name: 'http' }],
      },
    ]);
    expect(deployment.spec.replicas).toBe(1);
  });

  it('replaces lists of a custom resource, as kustomize does without its schema', () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web' },
      spec: { template: { spec: podSpec } },
    };
    const result = strategicMergePatch(rollout, {
      spec: { template: { spec: { containers: [{ name: 'app', env: [] }] } } },
    });
    expect(result.spec.template.spec.containers).toEqual([
      { name: 'app', env: [] },
    ]);
  });

  it('honours $patch: replace on a map', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web', tier: 'x' } },
    };
    expect(
      strategicMergePatch(service, {
        spec: { selector: { $patch: 'replace', app: 'other' } },
      }).spec.selector,
    ).toEqual({ app: 'other' });
  });
});
