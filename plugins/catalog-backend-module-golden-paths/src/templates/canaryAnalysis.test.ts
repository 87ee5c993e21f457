import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGiteaAction } from '@backstage/plugin-scaffolder-backend-module-gitea';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ProfileInput, Sandbox, startSandbox } from '@internal/sandbox';
import {
  GIT_HOST,
  providedTemplates,
  startScaffolder,
  writeFiles,
} from './__testUtils__/scaffolderTestBackend';

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
  let sandbox: Sandbox;
  let workDir: string;

  const api = async (apiPath: string) => {
    const { url, token } = sandbox.clusters.staging;
    const res = await fetch(`${url}${apiPath}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`${apiPath}: ${res.status}`);
    return res.json();
  };
  const rollout = () =>
    api(`/apis/argoproj.io/v1alpha1/namespaces/${NAME}/rollouts/${NAME}`).catch(
      () => undefined,
    );
  const analysisRuns = async (hash: string): Promise<any[]> =>
    (
      await api(
        `/apis/argoproj.io/v1alpha1/namespaces/${NAME}/analysisruns?labelSelector=rollouts-pod-template-hash%3D${hash}`,
      )
    ).items;

  async function waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined | false>,
    seconds = 120,
  ): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  /** A new version as CD ships it, with the traffic its pods will serve. */
  async function release(version: string, profile: ProfileInput) {
    const { podTemplateHash } = await sandbox.startRelease({
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
    const scaffolder = await startScaffolder();
    const template = (await providedTemplates()).find(
      t => t.metadata.name === 'http-service-canary',
    )!;
    const dryRun = await scaffolder.dryRun(template, {
      name: NAME,
      description: 'Takes payments',
      owner: 'group:default/checkout',
      system: 'system:default/shop',
      repoUrl: `${GIT_HOST}?owner=${ORG}&repo=${NAME}`,
      canarySteps: [
        { weight: 20, pause: '2m' },
        { weight: 50, pause: '2m' },
      ],
    });
    await scaffolder.stop();
    if (dryRun.status !== 200) {
      throw new Error(`scaffolding failed: ${dryRun.log.join('\n')}`);
    }
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-path-canary-'));
    await writeFiles(workDir, dryRun.files);

    sandbox = await startSandbox({
      ports: { control: 0, clusters: { staging: 0, production: 0 } },
      speed: SPEED,
      podStartupSeconds: 0,
      seed: false,
      prometheus: {},
    });
    // Published as the template's publish:gitea step does; CI deploys it.
    const git = sandbox.gitHost!;
    const config = new ConfigReader({
      integrations: {
        gitea: [
          {
            host: git.host,
            baseUrl: git.url,
            username: git.users[0].username,
            password: git.users[0].password,
          },
        ],
      },
    });
    await createPublishGiteaAction({
      integrations: ScmIntegrations.fromConfig(config),
      config,
    }).handler(
      createMockActionContext({
        input: {
          repoUrl: `${git.host}?owner=${ORG}&repo=${NAME}`,
          description: 'Takes payments',
          defaultBranch: 'main',
        },
        workspacePath: workDir,
      }) as any,
    );
    await sandbox.ci.whenIdle();
    await waitFor('the first revision to be stable', async () => {
      const ro = await rollout();
      return ro?.status?.phase === 'Healthy' && ro;
    });
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
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
