import { Sandbox } from '../../sandbox';
import {
  clients,
  startTestSandbox,
  waitFor,
} from '../../__testUtils__/sandbox';
import { createFixture, imageOf } from '../../__testUtils__/rollouts';

jest.setTimeout(60000);

/** Analysis waits on real Prometheus scrapes, not on the sandbox's clock. */
const ANALYSIS_WAIT_MS = 20000;

describe('blue/green rollouts', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof clients>;

  beforeAll(async () => {
    // Analysis queries a real Prometheus scraping the sandbox.
    sandbox = await startTestSandbox({ prometheus: {} });
    api = clients(sandbox);
  });
  afterAll(() => sandbox.stop());

  const selector = async (namespace: string, name: string) =>
    (await api.core.readNamespacedService({ name, namespace })).spec!.selector![
      'rollouts-pod-template-hash'
    ];

  it('waits for promotion after pre-promotion analysis, then switches the active Service', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'bg',
      name: 'pay',
      replicas: 2,
      blueGreen: {
        autoPromotionEnabled: false,
        scaleDownDelaySeconds: 30,
        prePromotionAnalysis: true,
      },
    });
    const blue = (await ro.get('pay')).status.stableRS;
    expect(await selector('bg', 'pay-active')).toBe(blue);

    const { podTemplateHash: green } = await sandbox.startRelease({
      cluster: 'test',
      namespace: 'bg',
      service: 'pay',
      image: imageOf('pay', '2.0.0'),
    });
    let state = await ro.waitFor(
      'pay',
      'BlueGreenPause',
      r => r.status?.phase === 'Paused',
      ANALYSIS_WAIT_MS,
    );
    expect(state.status).toMatchObject({
      message: 'BlueGreenPause',
      pauseConditions: [{ reason: 'BlueGreenPause' }],
      controllerPause: true,
      stableRS: blue,
      currentPodHash: green,
      blueGreen: {
        activeSelector: blue,
        previewSelector: green,
        prePromotionAnalysisRunStatus: {
          status: 'Successful',
          name: `pay-${green}-2-pre`,
        },
      },
    });
    expect(await selector('bg', 'pay-active')).toBe(blue);
    expect(await selector('bg', 'pay-preview')).toBe(green);
    const run: any = await api.custom.getNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'analysisruns',
      namespace: 'bg',
      name: `pay-${green}-2-pre`,
    });
    expect(run.metadata.labels).toMatchObject({
      'rollout-type': 'PrePromotion',
      'rollouts-pod-template-hash': green,
    });
    expect(run.status.metricResults[0]).toMatchObject({
      name: 'success-rate',
      phase: 'Successful',
      count: 2,
      successful: 2,
    });
    expect(run.status.metricResults[0].measurements[0]).toMatchObject({
      phase: 'Successful',
      value: expect.stringMatching(/^\[0\.99\d*\]$/),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });

    await ro.promote('pay');
    state = await ro.waitFor(
      'pay',
      'Healthy on green',
      r => r.status?.phase === 'Healthy' && r.status?.stableRS === green,
      ANALYSIS_WAIT_MS,
    );
    expect(state.status.blueGreen).toMatchObject({
      activeSelector: green,
      previewSelector: green,
    });
    expect(await selector('bg', 'pay-active')).toBe(green);

    // The blue ReplicaSet keeps its pods for scaleDownDelaySeconds, annotated with the deadline.
    const blueRs = async () =>
      (
        await api.apps.listNamespacedReplicaSet({
          namespace: 'bg',
          labelSelector: `rollouts-pod-template-hash=${blue}`,
        })
      ).items[0];
    await waitFor(
      async () =>
        (
          await blueRs()
        ).metadata!.annotations!['scale-down-deadline'],
      'scale-down-deadline',
    );
    await waitFor(
      async () => (await blueRs()).spec!.replicas === 0,
      'blue scaled down',
    );
  });

  it('marks the new version stable only after post-promotion analysis', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'bg-post',
      name: 'api',
      replicas: 2,
      blueGreen: { postPromotionAnalysis: true },
    });
    const { podTemplateHash: green } = await sandbox.startRelease({
      cluster: 'test',
      namespace: 'bg-post',
      service: 'api',
      image: imageOf('api', '2.0.0'),
    });
    const state = await ro.waitFor(
      'api',
      'Healthy on green',
      r => r.status?.phase === 'Healthy' && r.status?.stableRS === green,
      ANALYSIS_WAIT_MS,
    );
    expect(state.status.blueGreen.postPromotionAnalysisRunStatus).toMatchObject(
      {
        name: `api-${green}-2-post`,
        status: 'Successful',
      },
    );
  });

  it('promotes automatically when auto-promotion is enabled', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'bg-auto',
      name: 'web',
      replicas: 2,
      blueGreen: {},
    });
    const { podTemplateHash: green } = await sandbox.startRelease({
      cluster: 'test',
      namespace: 'bg-auto',
      service: 'web',
      image: imageOf('web', '2.0.0'),
    });
    await ro.waitFor(
      'web',
      'Healthy on green',
      r => r.status?.phase === 'Healthy' && r.status?.stableRS === green,
      ANALYSIS_WAIT_MS,
    );
    expect(await selector('bg-auto', 'web-active')).toBe(green);
  });
});
