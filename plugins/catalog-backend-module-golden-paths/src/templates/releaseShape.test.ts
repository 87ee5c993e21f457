import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGiteaAction } from '@backstage/plugin-scaffolder-backend-module-gitea';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Sandbox, startSandbox } from '@internal/sandbox';
import {
  GIT_HOST,
  providedTemplates,
  startScaffolder,
  writeFiles,
} from './__testUtils__/scaffolderTestBackend';

// Scaffolding runs real kustomize; the canary's analysis waits for real scrapes.
jest.setTimeout(300_000);

/*
 * A service fresh from the canary golden path with the form's defaults,
 * published to the sandbox's git host and deployed by its CI to staging and
 * production, then released in production: the release takes the shape the
 * practice describes — one canary pod on 5 % of the traffic through the
 * NGINX canary Ingress, judged, then the release manager's decision.
 */

const NAME = 'basket';
const ORG = 'checkout';
/** The 5m judgement lasts 30 s, a 1m analysis interval 6 s. */
const SPEED = 10;

describe('the release shape of a fresh canary golden-path service', () => {
  let sandbox: Sandbox;
  let workDir: string;

  const api = async (cluster: string, apiPath: string) => {
    const { url, token } = sandbox.clusters[cluster];
    const res = await fetch(`${url}${apiPath}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`${apiPath}: ${res.status}`);
    return res.json();
  };
  const rollout = (cluster: string) =>
    api(
      cluster,
      `/apis/argoproj.io/v1alpha1/namespaces/${NAME}/rollouts/${NAME}`,
    ).catch(() => undefined);

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

  beforeAll(async () => {
    const scaffolder = await startScaffolder();
    const template = (await providedTemplates()).find(
      t => t.metadata.name === 'http-service-canary',
    )!;
    const dryRun = await scaffolder.dryRun(template, {
      name: NAME,
      description: 'Keeps baskets',
      owner: 'group:default/checkout',
      system: 'system:default/shop',
      repoUrl: `${GIT_HOST}?owner=${ORG}&repo=${NAME}`,
    });
    await scaffolder.stop();
    if (dryRun.status !== 200) {
      throw new Error(`scaffolding failed: ${dryRun.log.join('\n')}`);
    }
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-path-shape-'));
    await writeFiles(workDir, dryRun.files);

    sandbox = await startSandbox({
      ports: { control: 0, clusters: { staging: 0, production: 0 } },
      speed: SPEED,
      podStartupSeconds: 0,
      seed: false,
      prometheus: {},
    });
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
          description: 'Keeps baskets',
          defaultBranch: 'main',
        },
        workspacePath: workDir,
      }) as any,
    );
    await sandbox.ci.whenIdle();
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('becomes Healthy in both clusters after its first deployment', async () => {
    for (const cluster of ['staging', 'production']) {
      const ro = await waitFor(`Healthy in ${cluster}`, async () => {
        const r = await rollout(cluster);
        return r?.status?.phase === 'Healthy' && r;
      });
      expect(ro.spec.strategy.canary.trafficRouting).toEqual({
        nginx: { stableIngress: NAME },
      });
    }
  });

  it('releases in production as one judged canary pod on 5 %, then waits for the decision', async () => {
    const { podTemplateHash: hash } = await sandbox.startRelease({
      cluster: 'production',
      namespace: NAME,
      service: NAME,
      image: `registry.acme.example/${NAME}:2.0.0`,
      profile: 'healthy',
    });
    const judged = await waitFor('the canary to be judged', async () => {
      const ro = await rollout('production');
      return ro?.status?.currentStepIndex === 2 && ro;
    });
    expect(judged.status.canary.weights.canary).toMatchObject({
      weight: 5,
      podTemplateHash: hash,
    });
    const replicaSets = async () =>
      (
        await api('production', `/apis/apps/v1/namespaces/${NAME}/replicasets`)
      ).items.map((rs: any) => ({
        hash: rs.metadata.labels['rollouts-pod-template-hash'],
        replicas: rs.spec.replicas,
      }));
    // Production runs three replicas; the canary is a single pod.
    expect(await replicaSets()).toEqual(
      expect.arrayContaining([
        { hash, replicas: 1 },
        { hash: judged.status.stableRS, replicas: 3 },
      ]),
    );
    const canaryIngress = await api(
      'production',
      `/apis/networking.k8s.io/v1/namespaces/${NAME}/ingresses/${NAME}-${NAME}-canary`,
    );
    expect(canaryIngress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '5',
    });

    const atDecision = await waitFor(
      "the release manager's decision",
      async () => {
        const ro = await rollout('production');
        return (
          ro?.status?.currentStepIndex === 3 &&
          ro.status.phase === 'Paused' &&
          ro
        );
      },
    );
    expect(atDecision.spec.strategy.canary.steps[3]).toEqual({ pause: {} });
    expect(atDecision.status.abort).toBeFalsy();
    // Still one pod on 5 % while the decision is pending.
    expect(atDecision.status.canary.weights.canary.weight).toBe(5);
    expect(await replicaSets()).toContainEqual({ hash, replicas: 1 });
  });
});
