import { Sandbox } from '../../sandbox';
import {
  ROLLOUT,
  clients,
  jsonPatch,
  startTestSandbox,
  waitFor,
} from '../../__testUtils__/sandbox';

jest.setTimeout(40000);

describe('Rollout with workloadRef', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof clients>;
  const namespace = 'workload';

  const getRollout = (name: string): Promise<any> =>
    api.custom.getNamespacedCustomObject({ ...ROLLOUT, namespace, name });

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    api = clients(sandbox);
    await api.core.createNamespace({ body: { metadata: { name: namespace } } });
    await api.apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                { name: 'web', image: 'registry.acme.example/web:1.0.0' },
              ],
            },
          },
        },
      },
    });
  });
  afterAll(() => sandbox.stop());

  const createRollout = (name: string, workload: string) =>
    api.custom.createNamespacedCustomObject({
      ...ROLLOUT,
      namespace,
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name },
        spec: {
          replicas: 2,
          workloadRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: workload,
          },
          strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } },
        },
      },
      fieldValidation: 'Strict',
    });

  it("runs the referenced Deployment's pod template and selector", async () => {
    await createRollout('web', 'web');
    const healthy = await waitFor(async () => {
      const ro = await getRollout('web');
      return ro.status?.phase === 'Healthy' && ro;
    }, 'Healthy');
    expect(healthy.status.availableReplicas).toBe(2);
    // The selector comes from the Deployment (status.selector is the spec's, as upstream).
    expect(healthy.status.selector).toBe('app=web');
    // The resolved template is not written into the Rollout.
    expect(healthy.spec.template).toBeUndefined();
    expect(healthy.spec.selector).toBeUndefined();
    const pods = await api.core.listNamespacedPod({
      namespace,
      labelSelector: `rollouts-pod-template-hash=${healthy.status.currentPodHash}`,
    });
    expect(pods.items.map(p => p.spec!.containers[0].image)).toEqual([
      'registry.acme.example/web:1.0.0',
      'registry.acme.example/web:1.0.0',
    ]);
  });

  it("starts a new revision when the Deployment's template changes", async () => {
    const before = await getRollout('web');
    await api.apps.patchNamespacedDeployment(
      {
        namespace,
        name: 'web',
        body: [
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/image',
            value: 'registry.acme.example/web:2.0.0',
          },
        ],
      },
      jsonPatch,
    );
    const paused = await waitFor(async () => {
      const ro = await getRollout('web');
      return ro.status?.phase === 'Paused' && ro;
    }, 'Paused at the canary step');
    expect(paused.status.currentPodHash).not.toBe(before.status.currentPodHash);
    expect(
      paused.metadata.annotations['rollout.argoproj.io/workload-generation'],
    ).toBe('2');
  });

  it('is InvalidSpec while the Deployment does not exist, as Argo reports it', async () => {
    await createRollout('orphan', 'missing');
    const degraded = await waitFor(async () => {
      const ro = await getRollout('orphan');
      return ro.status?.phase === 'Degraded' && ro;
    }, 'Degraded');
    expect(
      degraded.status.conditions.find((c: any) => c.type === 'InvalidSpec')
        .message,
    ).toBe(
      'The Rollout "orphan" is invalid: deployments.apps "missing" not found',
    );
  });
});
