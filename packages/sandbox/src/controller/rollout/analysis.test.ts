import { Sandbox } from '../../sandbox';
import { clients, startTestSandbox } from '../../__testUtils__/sandbox';
import { createFixture, imageOf } from '../../__testUtils__/rollouts';

jest.setTimeout(60000);

/** Analysis waits on real Prometheus scrapes, not on the sandbox's clock. */
const ANALYSIS_WAIT_MS = 20000;

const STEPS = [
  { setWeight: 20 },
  { analysis: {} },
  { setWeight: 60 },
  { pause: { duration: '10s' } },
];

describe('canary analysis', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof clients>;

  beforeAll(async () => {
    // Analysis queries a real Prometheus scraping the sandbox.
    sandbox = await startTestSandbox({ prometheus: {} });
    api = clients(sandbox);
  });
  afterAll(() => sandbox.stop());

  const run = (namespace: string, name: string): Promise<any> =>
    api.custom.getNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'analysisruns',
      namespace,
      name,
    });

  it('passes with a healthy revision', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'an-ok',
      name: 'svc',
      canary: { steps: STEPS },
    });
    const { podTemplateHash } = await sandbox.startRelease({
      cluster: 'test',
      namespace: 'an-ok',
      service: 'svc',
      image: imageOf('svc', '2.0.0'),
      profile: 'healthy',
    });
    await ro.waitFor(
      'svc',
      'Healthy on v2',
      r =>
        r.status?.phase === 'Healthy' && r.status?.stableRS === podTemplateHash,
      ANALYSIS_WAIT_MS,
    );
    expect(
      (await run('an-ok', `svc-${podTemplateHash}-2-1`)).status.phase,
    ).toBe('Successful');
  });

  it('aborts the rollout when the analysis fails', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'an-fail',
      name: 'svc',
      canary: { steps: STEPS },
    });
    const stable = (await ro.get('svc')).status.stableRS;
    const { podTemplateHash } = await sandbox.startRelease({
      cluster: 'test',
      namespace: 'an-fail',
      service: 'svc',
      image: imageOf('svc', '2.0.0'),
      profile: 'errors',
    });
    await ro.waitFor(
      'svc',
      'Degraded',
      r => r.status?.phase === 'Degraded',
      ANALYSIS_WAIT_MS,
    );
    // The abort and the canary's weight going back to 0 may be written by
    // two reconciles.
    const state = await ro.waitFor(
      'svc',
      'canary weight back at 0',
      r => r.status?.canary?.weights?.canary?.weight === 0,
      15000,
    );
    expect(state.status.message).toBe(
      'RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)',
    );
    expect(state.status).toMatchObject({
      abort: true,
      stableRS: stable,
      canary: { weights: { canary: { weight: 0 } } },
    });
    // As upstream, an aborted canary no longer lists a current step analysis.
    expect(state.status.canary.currentStepAnalysisRunStatus).toBeUndefined();
    const ar = await run('an-fail', `svc-${podTemplateHash}-2-1`);
    expect(ar.status).toMatchObject({
      phase: 'Failed',
      runSummary: { count: 1, failed: 1 },
    });
    expect(ar.status.metricResults[0].measurements[0]).toMatchObject({
      phase: 'Failed',
      value: expect.stringMatching(/^\[0\.8\d*\]$/),
    });
  });

  it('aborts on a failing background analysis', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'an-background',
      name: 'svc',
      canary: { steps: [{ setWeight: 20 }, { pause: {} }], analysis: true },
    });
    await sandbox.startRelease({
      cluster: 'test',
      namespace: 'an-background',
      service: 'svc',
      image: imageOf('svc', '2.0.0'),
      profile: 'errors',
    });
    const state = await ro.waitFor(
      'svc',
      'Degraded',
      r => r.status?.phase === 'Degraded',
      ANALYSIS_WAIT_MS,
    );
    expect(state.status.message).toMatch(
      /^RolloutAborted: Rollout aborted update to revision 2: Background analysis phase error\/failed: Metric "success-rate" assessed Failed/,
    );
  });

  it('pauses on an inconclusive analysis until promoted', async () => {
    const ro = await createFixture(sandbox, api, {
      namespace: 'an-inconclusive',
      name: 'svc',
      canary: { steps: STEPS },
      successCondition: 'result[0] >= 0.99',
      failureCondition: 'result[0] < 0.9',
    });
    const { podTemplateHash } = await sandbox.startRelease({
      cluster: 'test',
      namespace: 'an-inconclusive',
      service: 'svc',
      image: imageOf('svc', '2.0.0'),
      profile: { errorRatio: 0.05 },
    });
    const state = await ro.waitFor(
      'svc',
      'paused on inconclusive',
      r => r.status?.phase === 'Paused',
      ANALYSIS_WAIT_MS,
    );
    expect(state.status).toMatchObject({
      message: 'InconclusiveAnalysisRun',
      pauseConditions: [{ reason: 'InconclusiveAnalysisRun' }],
      controllerPause: true,
      currentStepIndex: 1,
      canary: { currentStepAnalysisRunStatus: { status: 'Inconclusive' } },
    });
    await ro.promote('svc');
    await ro.waitFor(
      'svc',
      'Healthy after promote',
      r =>
        r.status?.phase === 'Healthy' && r.status?.stableRS === podTemplateHash,
      ANALYSIS_WAIT_MS,
    );
  });
});
