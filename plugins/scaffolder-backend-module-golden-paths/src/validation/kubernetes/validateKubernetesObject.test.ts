import { validateKubernetesObject } from './validateKubernetesObject';

const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'demo' },
  spec: {
    selector: { matchLabels: { app: 'demo' } },
    template: {
      metadata: { labels: { app: 'demo' } },
      spec: { containers: [{ name: 'app', image: 'demo:1' }] },
    },
    strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
  },
};

describe('validateKubernetesObject', () => {
  it('accepts a valid Rollout, Service and HPA', () => {
    expect(validateKubernetesObject(rollout)).toEqual([]);
    expect(
      validateKubernetesObject({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'demo' },
        spec: { ports: [{ port: 80 }] },
      }),
    ).toEqual([]);
    expect(
      validateKubernetesObject({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'demo' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name: 'demo',
          },
          maxReplicas: 3,
        },
      }),
    ).toEqual([]);
  });

  it('reports the path of a wrongly typed canary step', () => {
    const broken = structuredClone(rollout);
    (broken.spec.strategy.canary.steps[0] as any).setWeight = 'twenty';
    expect(validateKubernetesObject(broken)).toEqual([
      {
        path: 'spec.strategy.canary.steps[0].setWeight',
        message: 'must be integer',
      },
    ]);
  });

  it('reports a missing required field', () => {
    expect(
      validateKubernetesObject({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'demo' },
        spec: {
          minAvailable: 1,
          selector: { matchExpressions: [{ key: 'a' }] },
        },
      }),
    ).toEqual([
      {
        path: 'spec.selector.matchExpressions[0].operator',
        message: 'is required',
      },
    ]);
  });

  it('rejects kinds it has no schema for', () => {
    expect(
      validateKubernetesObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rolout',
        metadata: { name: 'x' },
      }),
    ).toEqual([
      {
        path: 'kind',
        message:
          'unknown kind Rolout in argoproj.io/v1alpha1: there is no schema to validate it against',
      },
    ]);
    expect(validateKubernetesObject({ kind: 'Service' })).toEqual([
      { path: 'apiVersion', message: 'is required' },
      { path: 'metadata.name', message: 'is required' },
    ]);
  });
});
