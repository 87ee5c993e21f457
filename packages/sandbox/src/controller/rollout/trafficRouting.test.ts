import { Sandbox } from '../../sandbox';
import {
  clients,
  mergePatch,
  ROLLOUT,
  startTestSandbox,
  waitFor,
} from '../../__testUtils__/sandbox';
import {
  createFixture,
  imageOf,
  stableIngress,
} from '../../__testUtils__/rollouts';

jest.setTimeout(30000);

/** The golden path's shape: one canary pod on 5 %, judged, then a cut-over whose replicas follow the weight. */
const GOLDEN_STEPS = [
  { setCanaryScale: { replicas: 1 } },
  { setWeight: 5 },
  { pause: {} },
  { setCanaryScale: { matchTrafficWeight: true } },
  { setWeight: 50 },
  { pause: {} },
];

describe('traffic routing', () => {
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
          deadline: rs.metadata!.annotations?.['scale-down-deadline'],
        },
      ]),
    );

  const ingress = (namespace: string, name: string) =>
    api.networking.readNamespacedIngress({ namespace, name });

  const conditionMessage = (ro: any, type: string) =>
    (ro.status?.conditions ?? []).find((c: any) => c.type === type)?.message;

  /** A canary Rollout `svc` in `namespace`, patched to `canary`, once InvalidSpec. */
  async function invalidSpecAfter(namespace: string, canary: object) {
    const ro = await createFixture(sandbox, api, {
      namespace,
      name: 'svc',
      canary: { steps: [{ setWeight: 20 }, { pause: {} }] },
    });
    await api.custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace,
        name: 'svc',
        body: { spec: { strategy: { canary } } },
      },
      mergePatch,
    );
    return ro.waitFor(
      'svc',
      'InvalidSpec',
      r => !!conditionMessage(r, 'InvalidSpec'),
    );
  }

  it('routes a single canary pod at 5 % through the canary Ingress, then cuts over', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'nginx',
      name: 'web',
      stableIngress: 'web',
      canary: {
        trafficRouting: { nginx: { stableIngress: 'web' } },
        scaleDownDelaySeconds: 900,
        steps: GOLDEN_STEPS,
      },
    });
    const v1 = (await ro.get('web')).status.stableRS;
    const { podTemplateHash: v2 } = await sandbox.startRelease({
      cluster: 'test',
      namespace: 'nginx',
      service: 'web',
      image: imageOf('web', '2.0.0'),
    });
    let state = await ro.waitFor(
      'web',
      'paused at the canary',
      r => r.status?.currentStepIndex === 2 && r.status?.phase === 'Paused',
    );
    expect(state.status.canary.weights.canary.weight).toBe(5);
    // One canary pod beside the four stable ones.
    expect(await replicaSets('nginx')).toMatchObject({
      [v1]: { replicas: 4 },
      [v2]: { replicas: 1 },
    });
    const canaryIngress = await ingress('nginx', 'web-web-canary');
    expect(canaryIngress.metadata!.annotations).toEqual({
      'kubernetes.io/ingress.class': 'nginx',
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '5',
    });
    expect(canaryIngress.metadata!.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Rollout',
        name: 'web',
        controller: true,
      }),
    ]);
    expect(
      canaryIngress.spec!.rules![0].http!.paths[0].backend.service!.name,
    ).toBe('web-canary');
    // The stable Ingress is the user's and stays as written.
    expect(
      (await ingress('nginx', 'web')).spec!.rules![0].http!.paths[0].backend
        .service!.name,
    ).toBe('web-stable');
    // Users' requests follow the Ingress weight.
    const shares = Object.fromEntries(
      sandbox
        .getTrafficSnapshot('test')
        .series.filter(s => s.namespace === 'nginx')
        .map(s => [s.podTemplateHash, s.share]),
    );
    expect(shares).toEqual({ [v1]: 0.95, [v2]: 0.05 });

    await ro.promote('web');
    state = await ro.waitFor(
      'web',
      'paused in the cut-over',
      r => r.status?.currentStepIndex === 5 && r.status?.phase === 'Paused',
    );
    expect(
      (await ingress('nginx', 'web-web-canary')).metadata!.annotations![
        'nginx.ingress.kubernetes.io/canary-weight'
      ],
    ).toBe('50');
    // Canary replicas follow the weight: half of four.
    expect((await replicaSets('nginx'))[v2].replicas).toBe(2);

    await ro.promote('web');
    state = await ro.waitFor(
      'web',
      'Healthy at v2',
      r => r.status?.phase === 'Healthy' && r.status?.stableRS === v2,
    );
    await waitFor(
      async () =>
        (
          await ingress('nginx', 'web-web-canary')
        ).metadata!.annotations![
          'nginx.ingress.kubernetes.io/canary-weight'
        ] === '0',
      'canary weight back to 0 once v2 is stable',
    );
    // The old pods keep their requests for scaleDownDelaySeconds, then go.
    const old = (await replicaSets('nginx'))[v1];
    expect(old.replicas).toBe(4);
    expect(old.deadline).toEqual(expect.any(String));
    await waitFor(
      async () => (await replicaSets('nginx'))[v1].replicas === 0,
      'old ReplicaSet scaled down after the delay',
      20000,
    );
  });

  it('writes the SMI TrafficSplit the mesh reads', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'smi',
      name: 'api',
      canary: {
        trafficRouting: { smi: { trafficSplitName: 'api-split' } },
        steps: [{ setWeight: 25 }, { pause: {} }],
      },
    });
    await sandbox.startRelease({
      cluster: 'test',
      namespace: 'smi',
      service: 'api',
      image: imageOf('api', '2.0.0'),
    });
    await ro.waitFor('api', 'paused', r => r.status?.phase === 'Paused');
    const split: any = await api.custom.getNamespacedCustomObject({
      group: 'split.smi-spec.io',
      version: 'v1alpha1',
      plural: 'trafficsplits',
      namespace: 'smi',
      name: 'api-split',
    });
    expect(split.spec).toEqual({
      service: 'api-stable',
      backends: [
        { service: 'api-canary', weight: '25' },
        { service: 'api-stable', weight: '75' },
      ],
    });
    expect(split.metadata.ownerReferences[0]).toMatchObject({
      kind: 'Rollout',
      name: 'api',
    });
    // Requests follow the split's backends through the Services' selectors.
    const state = await ro.get('api');
    const shares = Object.fromEntries(
      sandbox
        .getTrafficSnapshot('test')
        .series.filter(s => s.namespace === 'smi')
        .map(s => [s.podTemplateHash, s.share]),
    );
    expect(shares).toEqual({
      [state.status.stableRS]: 0.75,
      [state.status.currentPodHash]: 0.25,
    });
  });

  it('refuses a router it does not model, naming it', async () => {
    const state = await invalidSpecAfter('istio', {
      trafficRouting: { smi: null, istio: { virtualService: { name: 'svc' } } },
    });
    expect(conditionMessage(state, 'InvalidSpec')).toBe(
      'The Rollout "svc" is invalid: spec.strategy.canary.trafficRouting.istio: Unsupported value: "istio": the sandbox models the nginx and smi traffic routers only; the istio router\'s objects are not simulated',
    );
    expect(state.status.phase).toBe('Degraded');
  });

  it('is InvalidSpec while the stable Ingress is missing, as upstream', async () => {
    const state = await invalidSpecAfter('noingress', {
      trafficRouting: { smi: null, nginx: { stableIngress: 'svc' } },
    });
    expect(conditionMessage(state, 'InvalidSpec')).toBe(
      'The Rollout "svc" is invalid: spec.strategy.canary.trafficRouting.nginx.stableIngress: Invalid value: "svc": ingress.networking.k8s.io "svc" not found',
    );
  });

  it('leaves a canary Ingress it does not own alone and says why', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'foreign',
      name: 'web',
      stableIngress: 'web',
      canary: {
        trafficRouting: { nginx: { stableIngress: 'web' } },
        steps: [{ setWeight: 20 }, { pause: {} }],
      },
    });
    // Someone else's Ingress under the name the controller would use.
    await api.networking.deleteNamespacedIngress({
      namespace: 'foreign',
      name: 'web-web-canary',
    });
    await api.networking.createNamespacedIngress({
      namespace: 'foreign',
      body: stableIngress('web-web-canary', 'web-canary', 'web.example'),
    });
    await sandbox.startRelease({
      cluster: 'test',
      namespace: 'foreign',
      service: 'web',
      image: imageOf('web', '2.0.0'),
    });
    const event = await waitFor(async () => {
      const list = await api.core.listNamespacedEvent({
        namespace: 'foreign',
        fieldSelector: 'involvedObject.name=web',
      });
      const errors = list.items.filter(e => e.reason === 'TrafficRoutingError');
      return errors[0];
    }, 'TrafficRoutingError event');
    expect(event.message).toBe(
      'canary ingress `web-web-canary` controlled by different object',
    );
    const state = await ro.get('web');
    // The weight never moved: the reconciliation stopped at the router.
    expect(state.status.canary?.weights?.canary?.weight ?? 0).toBe(0);
    expect(
      (
        await api.networking.readNamespacedIngress({
          namespace: 'foreign',
          name: 'web-web-canary',
        })
      ).metadata!.annotations,
    ).toEqual({ 'kubernetes.io/ingress.class': 'nginx' });
  });

  it('is InvalidSpec when a step sets the canary scale without a router, as upstream', async () => {
    const state = await invalidSpecAfter('norouter', {
      trafficRouting: null,
      steps: [{ setCanaryScale: { replicas: 1 } }, { setWeight: 20 }],
    });
    expect(conditionMessage(state, 'InvalidSpec')).toBe(
      'The Rollout "svc" is invalid: spec.strategy.canary.trafficRouting: Required value: SetCanaryScale requires TrafficRouting to be set',
    );
  });
});
