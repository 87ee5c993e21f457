import { Sandbox } from '../../sandbox';
import {
  clients,
  mergePatch,
  startTestSandbox,
  waitFor,
} from '../../__testUtils__/sandbox';
import { createFixture, imageOf } from '../../__testUtils__/rollouts';

const STEPS = [
  { setWeight: 25 },
  { pause: {} },
  { setWeight: 50 },
  { pause: { duration: '20s' } },
  { setWeight: 75 },
  { pause: {} },
];

jest.setTimeout(20000);

describe('canary rollouts', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof clients>;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    api = clients(sandbox);
  });
  afterAll(() => sandbox.stop());

  const replicaSets = async (namespace: string) =>
    Object.fromEntries(
      (await api.apps.listNamespacedReplicaSet({ namespace })).items.map(rs => [
        rs.metadata!.labels!['rollouts-pod-template-hash'],
        {
          replicas: rs.spec!.replicas,
          revision: rs.metadata!.annotations!['rollout.argoproj.io/revision'],
        },
      ]),
    );

  const release = (
    namespace: string,
    name: string,
    version: string,
    profile?: string,
  ) =>
    sandbox.startRelease({
      cluster: 'test',
      namespace,
      service: name,
      image: imageOf(name, version),
      profile,
    });

  it('walks a canary to completion with promotes', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'walk',
      name: 'web',
      canary: { steps: STEPS },
    });
    const v1 = (await ro.get('web')).status.stableRS;
    const { podTemplateHash: v2 } = await release('walk', 'web', '2.0.0');

    let state = await ro.waitFor(
      'web',
      'paused at step 1',
      r => r.status?.currentStepIndex === 1 && r.status?.phase === 'Paused',
    );
    expect(state.status).toMatchObject({
      phase: 'Paused',
      message: 'CanaryPauseStep',
      controllerPause: true,
      pauseConditions: [
        { reason: 'CanaryPauseStep', startTime: expect.any(String) },
      ],
      stableRS: v1,
      currentPodHash: v2,
      canary: {
        weights: {
          canary: { weight: 25, podTemplateHash: v2 },
          stable: { weight: 75, podTemplateHash: v1 },
        },
      },
    });
    expect(state.metadata.annotations['rollout.argoproj.io/revision']).toBe(
      '2',
    );
    expect(await replicaSets('walk')).toEqual({
      [v1]: { replicas: 4, revision: '1' },
      [v2]: { replicas: 1, revision: '2' },
    });
    const canarySvc = await api.core.readNamespacedService({
      name: 'web-canary',
      namespace: 'walk',
    });
    expect(canarySvc.spec!.selector!['rollouts-pod-template-hash']).toBe(v2);

    await ro.promote('web');
    // The timed pause at step 3 passes on its own; step 5 is indefinite again.
    state = await ro.waitFor(
      'web',
      'paused at step 5',
      r => r.status?.currentStepIndex === 5 && r.status?.phase === 'Paused',
    );
    expect(state.status.canary.weights.canary.weight).toBe(75);

    await ro.promote('web');
    state = await ro.waitFor(
      'web',
      'Healthy at v2',
      r => r.status?.phase === 'Healthy' && r.status?.stableRS === v2,
    );
    expect(state.status).toMatchObject({
      currentStepIndex: 6,
      currentPodHash: v2,
      observedGeneration: String(state.metadata.generation),
    });
    expect(state.status.pauseConditions).toBeUndefined();
    const stableSvc = await api.core.readNamespacedService({
      name: 'web-stable',
      namespace: 'walk',
    });
    expect(stableSvc.spec!.selector!['rollouts-pod-template-hash']).toBe(v2);
    // The old stable is kept for scaleDownDelaySeconds (30s simulated), then scaled to zero.
    await waitFor(
      async () => (await replicaSets('walk'))[v1].replicas === 0,
      'old ReplicaSet scaled down',
    );
    const events = await api.core.listNamespacedEvent({
      namespace: 'walk',
      fieldSelector: 'involvedObject.name=web',
    });
    expect(events.items.map(e => e.reason)).toEqual(
      expect.arrayContaining([
        'RolloutStepCompleted',
        'RolloutPaused',
        'RolloutCompleted',
      ]),
    );
  });

  it('aborts, retries and promotes fully', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'abort',
      name: 'api',
      canary: { steps: STEPS },
    });
    const v1 = (await ro.get('api')).status.stableRS;
    const { podTemplateHash: v2 } = await release('abort', 'api', '2.0.0');
    await ro.waitFor(
      'api',
      'paused',
      r => r.status?.phase === 'Paused' && r.status?.currentPodHash === v2,
    );

    await ro.abort('api');
    let state = await ro.waitFor(
      'api',
      'Degraded',
      r => r.status?.phase === 'Degraded',
    );
    expect(state.status).toMatchObject({
      abort: true,
      abortedAt: expect.any(String),
      message: 'RolloutAborted: Rollout aborted update to revision 2',
      currentStepIndex: 0,
      stableRS: v1,
      canary: {
        weights: {
          canary: { weight: 0 },
          stable: { weight: 100, podTemplateHash: v1 },
        },
      },
    });
    expect(state.status.pauseConditions).toBeUndefined();

    await ro.retry('api');
    state = await ro.waitFor(
      'api',
      'paused again after retry',
      r => r.status?.phase === 'Paused' && r.status?.currentStepIndex === 1,
    );
    expect(state.status.abort).toBeUndefined();

    await ro.promote('api', { full: true });
    state = await ro.waitFor(
      'api',
      'Healthy at v2',
      r => r.status?.phase === 'Healthy' && r.status?.stableRS === v2,
    );
    expect(state.status.promoteFull).toBeUndefined();
    expect(state.status.currentStepIndex).toBe(STEPS.length);
  });

  it('pauses on spec.paused and resumes on promote', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'manual',
      name: 'svc',
      canary: { steps: [{ setWeight: 50 }, { pause: { duration: '10s' } }] },
    });
    await api.custom.patchNamespacedCustomObject(
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: 'rollouts',
        namespace: 'manual',
        name: 'svc',
        body: { spec: { paused: true } },
      },
      mergePatch,
    );
    await ro.waitFor(
      'svc',
      'manually paused',
      r =>
        r.status?.phase === 'Paused' && r.status?.message === 'manually paused',
    );
    await ro.promote('svc');
    const resumed = await ro.waitFor(
      'svc',
      'Healthy after unpause',
      r => r.status?.phase === 'Healthy' && !r.spec.paused,
    );
    expect(resumed.status.message).toBeUndefined();
  });

  it('restarts pods on spec.restartAt and records status.restartedAt', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'restart',
      name: 'svc',
      replicas: 3,
      canary: { steps: [{ setWeight: 50 }] },
    });
    const before = (
      await api.core.listNamespacedPod({ namespace: 'restart' })
    ).items.map(p => p.metadata!.uid);
    // One second ahead: pod timestamps have second precision.
    const restartAt = `${new Date(Date.now() + 1000)
      .toISOString()
      .slice(0, 19)}Z`;
    await api.custom.patchNamespacedCustomObject(
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: 'rollouts',
        namespace: 'restart',
        name: 'svc',
        body: { spec: { restartAt } },
      },
      mergePatch,
    );
    const state = await ro.waitFor(
      'svc',
      'restartedAt recorded',
      r => r.status?.restartedAt === restartAt && r.status?.phase === 'Healthy',
    );
    expect(state.status.availableReplicas).toBe(3);
    const after = (
      await api.core.listNamespacedPod({ namespace: 'restart' })
    ).items.filter(p => !p.metadata!.deletionTimestamp);
    expect(after).toHaveLength(3);
    expect(after.some(p => before.includes(p.metadata!.uid))).toBe(false);
  });

  it('undo rolls back: to stable at once mid-canary, through the steps after completion', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'undo',
      name: 'app',
      canary: { steps: STEPS },
    });
    const v1 = (await ro.get('app')).status.stableRS;
    const { podTemplateHash: v2 } = await release('undo', 'app', '2.0.0');
    await ro.waitFor(
      'app',
      'paused',
      r => r.status?.phase === 'Paused' && r.status?.currentPodHash === v2,
    );

    // Mid-canary undo targets the stable ReplicaSet: a fast rollback skipping all steps.
    await ro.undo('app');
    let state = await ro.waitFor(
      'app',
      'back on v1',
      r => r.status?.phase === 'Healthy' && r.status?.currentPodHash === v1,
    );
    expect(state.status.stableRS).toBe(v1);
    expect(state.metadata.annotations['rollout.argoproj.io/revision']).toBe(
      '3',
    );

    await release('undo', 'app', '2.0.0');
    await ro.waitFor(
      'app',
      'paused on v2',
      r => r.status?.phase === 'Paused' && r.status?.currentPodHash === v2,
    );
    await ro.promote('app', { full: true });
    await ro.waitFor(
      'app',
      'Healthy on v2',
      r => r.status?.phase === 'Healthy' && r.status?.stableRS === v2,
    );

    // After completion, undo is an ordinary update to the older template.
    await ro.undo('app');
    state = await ro.waitFor(
      'app',
      'canary back to v1',
      r => r.status?.currentPodHash === v1 && r.status?.phase === 'Paused',
    );
    expect(state.status.stableRS).toBe(v2);
    expect(state.metadata.annotations['rollout.argoproj.io/revision']).toBe(
      '5',
    );
  });
});
