import { ProfileInput } from '@internal/sandbox';
import {
  DeployedCanaryService,
  deployCanaryService,
  waitFor,
} from './__testUtils__/deployedCanaryService';

// Scaffolding runs real kustomize; each release waits for real scrapes.
jest.setTimeout(300_000);

/*
 * A service fresh from the canary golden path, published to the sandbox's
 * git host and deployed by its CI, releases new versions on staging. Its
 * AnalysisTemplate queries a real Prometheus scraping the sandbox's pods
 * (`serve --prometheus`), so what Argo decides is what the query selects.
 */

const NAME = 'payments';
const ORG = 'checkout';
/** A 1m analysis interval lasts 6 s; the canary pauses 12 s per step. */
const SPEED = 10;

describe('a fresh canary golden-path service on staging', () => {
  let service: DeployedCanaryService;
  const api = (apiPath: string) => service.api('staging', apiPath);
  const rollout = () => service.rollout('staging');
  const analysisRuns = async (hash: string): Promise<any[]> =>
    (
      await api(
        `/apis/argoproj.io/v1alpha1/namespaces/${NAME}/analysisruns?labelSelector=rollouts-pod-template-hash%3D${hash}`,
      )
    ).items;

  /** A new version as CD ships it, with the traffic its pods will serve. */
  async function release(version: string, profile: ProfileInput) {
    const { podTemplateHash } = await service.sandbox.startRelease({
      cluster: 'staging',
      namespace: NAME,
      service: NAME,
      image: `registry.acme.example/${NAME}:${version}`,
      profile,
    });
    return podTemplateHash;
  }

  /** The background analysis of a revision, once it has ended. */
  const endedRun = (hash: string) =>
    waitFor(`the analysis of ${hash} to end`, async () =>
      (await analysisRuns(hash)).find(r =>
        ['Successful', 'Failed', 'Error', 'Inconclusive'].includes(
          r.status?.phase,
        ),
      ),
    );

  beforeAll(async () => {
    service = await deployCanaryService({
      name: NAME,
      org: ORG,
      description: 'Takes payments',
      speed: SPEED,
      answers: {
        canarySteps: [
          { weight: 20, pause: '2m' },
          { weight: 50, pause: '2m' },
        ],
      },
    });
    await waitFor('the first revision to be stable', async () => {
      const ro = await rollout();
      return ro?.status?.phase === 'Healthy' && ro;
    });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('fails the analysis of a release that serves errors, and aborts it', async () => {
    const hash = await release('bad', 'errors');
    const analysis = await endedRun(hash);
    expect(analysis.status.phase).toBe('Failed');
    const measurements = analysis.status.metricResults[0].measurements;
    expect(measurements.length).toBeGreaterThanOrEqual(2);
    // Real values from Prometheus: the share of non-5xx answers, near 86 %.
    for (const m of measurements) {
      expect(m.phase).toBe('Failed');
      expect(Number(JSON.parse(m.value)[0])).toBeGreaterThan(0.8);
      expect(Number(JSON.parse(m.value)[0])).toBeLessThan(0.9);
    }
    const aborted = await waitFor('the release to be aborted', async () => {
      const ro = await rollout();
      return ro?.status?.abort === true && ro;
    });
    expect(aborted.status.phase).toBe('Degraded');
    expect(aborted.status.stableRS).not.toBe(hash);
  });

  it('passes the analysis of a healthy release, which becomes stable', async () => {
    const hash = await release('good', 'healthy');
    const stable = await waitFor('the release to become stable', async () => {
      const ro = await rollout();
      return (
        ro?.status?.phase === 'Healthy' && ro.status.stableRS === hash && ro
      );
    });
    expect(stable.status.abort).toBeFalsy();
    const analysis = await endedRun(hash);
    expect(analysis.status.phase).toBe('Successful');
    const measurements = analysis.status.metricResults[0].measurements;
    expect(measurements.length).toBeGreaterThan(0);
    for (const m of measurements) {
      expect(m.phase).toBe('Successful');
      expect(Number(JSON.parse(m.value)[0])).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('is Inconclusive, never a pass, for a release that gets no traffic', async () => {
    const hash = await release('idle', { requestRate: 0 });
    const analysis = await endedRun(hash);
    expect(analysis.status.phase).toBe('Inconclusive');
    expect(
      analysis.status.metricResults[0].measurements.map((m: any) => m.phase),
    ).not.toContain('Successful');
    // Argo pauses the release for a person to decide.
    const paused = await waitFor(
      'the release to pause on the inconclusive analysis',
      async () => {
        const ro = await rollout();
        return (
          (ro?.status?.pauseConditions ?? []).some(
            (c: any) => c.reason === 'InconclusiveAnalysisRun',
          ) && ro
        );
      },
      30,
    );
    expect(paused.status.stableRS).not.toBe(hash);
  });
});
