import { Sandbox } from '../../sandbox';
import { clients, startTestSandbox } from '../../__testUtils__/sandbox';
import { createFixture, imageOf } from '../../__testUtils__/rollouts';

jest.setTimeout(30000);

const HASH = 'rollouts-pod-template-hash';
const REVISION = 'rollout.argoproj.io/revision';

describe('undo to the stable revision', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof clients>;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    api = clients(sandbox);
  });
  afterAll(() => sandbox.stop());

  const release = (version: string, profile?: string) =>
    sandbox.startRelease({
      cluster: 'test',
      namespace: 'stable-undo',
      service: 'orders',
      image: imageOf('orders', version),
      profile,
    });

  // What `kubectl argo rollouts undo --to-revision` does mid-canary when the
  // revision is the stable one: the template read back from the stable
  // ReplicaSet (with its resource quantities) matches that ReplicaSet, so
  // the rollout is fully promoted at once.
  it('goes straight to Healthy on the stable ReplicaSet, without a new ReplicaSet or steps', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'stable-undo',
      name: 'orders',
      replicas: 3,
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { memory: '256Mi' },
      },
      canary: {
        // An indefinite pause holds each canary at step 1 for as long as
        // the test needs, however busy the machine (a timed one lasts
        // milliseconds at the test sandbox's speed).
        steps: [
          { setWeight: 30 },
          { pause: {} },
          { setWeight: 70 },
          { pause: { duration: '45s' } },
        ],
      },
    });
    const { podTemplateHash: v2 } = await release('2.0.0');
    await ro.waitFor(
      'orders',
      'canary of 2.0.0',
      r => r.status?.currentPodHash === v2 && r.status?.currentStepIndex === 1,
    );
    await ro.promote('orders', { full: true });
    await ro.waitFor(
      'orders',
      'Healthy on 2.0.0',
      r => r.status?.phase === 'Healthy' && r.status?.stableRS === v2,
    );
    const { podTemplateHash: v3 } = await release('3.0.0', 'errors');
    await ro.waitFor(
      'orders',
      'canary of 3.0.0',
      r => r.status?.currentPodHash === v3 && r.status?.currentStepIndex === 1,
    );

    await ro.undo('orders', 2);
    const state = await ro.waitFor(
      'orders',
      'back on 2.0.0',
      r => r.status?.currentPodHash === v2 && r.status?.phase === 'Healthy',
    );
    expect(state.status).toMatchObject({ stableRS: v2, currentStepIndex: 4 });
    expect(state.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: '256Mi' },
    });
    const owned = (
      await api.apps.listNamespacedReplicaSet({ namespace: 'stable-undo' })
    ).items;
    // No fourth ReplicaSet: the stable one is reused and takes revision 4.
    expect(owned).toHaveLength(3);
    const stable = owned.find(rs => rs.metadata!.labels![HASH] === v2);
    expect(stable!.metadata!.annotations![REVISION]).toBe('4');
    expect(state.metadata.annotations[REVISION]).toBe('4');
  });
});
