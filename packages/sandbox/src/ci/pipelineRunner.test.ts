import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  actionOutput,
  publishWithGitea,
  removeTempDirs,
  runCommand as run,
  tempDir,
} from '../__testUtils__/gitea';
import {
  ROLLOUT,
  clients,
  startTestSandbox,
  waitFor,
} from '../__testUtils__/sandbox';
import { Sandbox } from '../sandbox';

jest.setTimeout(60000);

interface Received {
  contentType?: string;
  event: any;
}

/** An HTTP endpoint standing in for the portal's CDEvents receiver. */
async function startSink() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      received.push({
        contentType: req.headers['content-type'],
        event: JSON.parse(body),
      });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    received,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

describe('CI/CD for pushed repositories', () => {
  let sandbox: Sandbox;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let firstSha: string;

  const runsOf = async (repo: string) =>
    (
      await (
        await fetch(
          `${sandbox.controlUrl}/ci/runs?repo=${encodeURIComponent(repo)}`,
        )
      ).json()
    ).runs;

  const rollout = (cluster: string): Promise<any> =>
    clients(sandbox, cluster).custom.getNamespacedCustomObject({
      ...ROLLOUT,
      namespace: 'orders-api',
      name: 'orders-api',
    });

  beforeAll(async () => {
    sink = await startSink();
    sandbox = await startTestSandbox({
      clusters: ['staging', 'production'],
      cdEventsSink: sink.url,
    });
  });
  afterAll(async () => {
    await sandbox.stop();
    await sink.close();
    removeTempDirs();
  });

  it('deploys a golden-path repository published by publish:gitea to both clusters', async () => {
    const ctx = await publishWithGitea(
      sandbox.gitHost!.url,
      'owner=checkout&repo=orders-api',
    );
    firstSha = actionOutput(ctx, 'commitHash') as string;
    await sandbox.ci.whenIdle();

    const [runRecord] = await runsOf('checkout/orders-api');
    expect(runRecord).toMatchObject({
      id: '1',
      repo: 'checkout/orders-api',
      ref: 'refs/heads/main',
      sha: firstSha,
      pusher: 'portal',
      status: 'succeeded',
      image: `registry.acme.example/orders-api:${firstSha.slice(0, 7)}`,
      environments: ['staging', 'production'],
      url: `${sandbox.controlUrl}/ci/runs/1`,
    });
    expect(runRecord.stages.map((s: any) => [s.name, s.status])).toEqual([
      ['checkout', 'succeeded'],
      ['build', 'succeeded'],
      ['render', 'succeeded'],
      ['deploy-staging', 'succeeded'],
      ['deploy-production', 'succeeded'],
    ]);
    for (const stage of runRecord.stages) {
      expect(Date.parse(stage.finishedAt)).toBeGreaterThanOrEqual(
        Date.parse(stage.startedAt),
      );
    }
    const deployLog = runRecord.stages[3].log.join('\n');
    expect(deployLog).toContain('namespace/orders-api created');
    expect(deployLog).toContain(
      'rollout.argoproj.io/orders-api serverside-applied',
    );
    expect(deployLog).toContain(
      'poddisruptionbudget.policy/orders-api serverside-applied',
    );
    expect(
      await (await fetch(`${sandbox.controlUrl}/ci/runs/1`)).json(),
    ).toEqual(runRecord);
    expect((await fetch(`${sandbox.controlUrl}/ci/runs/999`)).status).toBe(404);

    for (const [cluster, replicas] of [
      ['staging', 1],
      ['production', 3],
    ] as const) {
      const ro = await waitFor(
        async () => {
          const current = await rollout(cluster);
          return current.status?.phase === 'Healthy' && current;
        },
        `orders-api Healthy in ${cluster}`,
        15000,
      );
      expect(ro.metadata.labels).toMatchObject({
        'backstage.io/kubernetes-id': 'orders-api',
        'app.kubernetes.io/environment': cluster,
      });
      expect(ro.spec.replicas).toBe(replicas);
      expect(ro.spec.template.spec.containers[0].image).toBe(
        `registry.acme.example/orders-api:${firstSha.slice(0, 7)}`,
      );
      expect(ro.status.availableReplicas).toBe(replicas);
    }
    const production = await rollout('production');
    expect(production.spec.strategy.canary.steps.at(-1)).toEqual({
      pause: {},
    });
    const hpa = await fetch(
      `${sandbox.clusters.production.url}/apis/autoscaling/v2/namespaces/orders-api/horizontalpodautoscalers/orders-api`,
      { headers: { Authorization: `Bearer ${sandbox.adminToken}` } },
    );
    expect((await hpa.json()).spec).toMatchObject({
      minReplicas: 3,
      maxReplicas: 10,
    });
  });

  it('reports the run, its stages and each deployment as CDEvents', async () => {
    // The example services' history arrives as one batch; the run's events
    // one by one, in order.
    const [history] = sink.received.filter(
      r => r.contentType === 'application/cloudevents-batch+json',
    );
    expect(history.event.length).toBeGreaterThan(100);
    const runEvents = sink.received.filter(
      r => r.contentType === 'application/cloudevents+json',
    );
    const task = (stage: string) => [
      `dev.cdevents.taskrun.started.0.2.0 ${stage}`,
      `dev.cdevents.taskrun.finished.0.2.0 ${stage}`,
    ];
    expect(
      runEvents.map(r =>
        r.event.type.startsWith('dev.cdevents.taskrun')
          ? `${r.event.type} ${r.event.data.subject.content.taskName}`
          : r.event.type,
      ),
    ).toEqual([
      'dev.cdevents.pipelinerun.started.0.2.0',
      ...task('checkout'),
      ...task('build'),
      ...task('render'),
      'dev.cdevents.taskrun.started.0.2.0 deploy-staging',
      'dev.cdevents.service.deployed.0.2.0',
      'dev.cdevents.taskrun.finished.0.2.0 deploy-staging',
      'dev.cdevents.taskrun.started.0.2.0 deploy-production',
      'dev.cdevents.service.deployed.0.2.0',
      'dev.cdevents.taskrun.finished.0.2.0 deploy-production',
      'dev.cdevents.pipelinerun.finished.0.2.0',
    ]);
    // Where GitHub Actions would report from: under the repository's address.
    const source = `${sandbox.gitHost!.url}/checkout/orders-api/actions/runs/1`;
    for (const { event } of runEvents) {
      expect(event).toMatchObject({
        specversion: '1.0',
        source,
        datacontenttype: 'application/json',
        data: {
          context: { version: '0.4.1', id: event.id, type: event.type },
        },
      });
    }
    const ofType = (type: string) =>
      runEvents
        .filter(r => r.event.type === `dev.cdevents.${type}`)
        .map(r => r.event.data);
    const [started] = ofType('pipelinerun.started.0.2.0');
    const [staging, production] = ofType('service.deployed.0.2.0');
    const [finished] = ofType('pipelinerun.finished.0.2.0');
    expect(started.subject).toMatchObject({
      id: '1',
      type: 'pipelineRun',
      content: {
        pipelineName: 'orders-api',
        url: `${sandbox.controlUrl}/ci/runs/1`,
      },
    });
    expect(staging.subject).toMatchObject({
      id: 'orders-api',
      type: 'service',
      content: {
        environment: { id: 'staging' },
        artifactId: expect.stringMatching(
          /^pkg:oci\/orders-api@sha256%3A[0-9a-f]{64}\?repository_url=registry\.acme\.example%2Forders-api&tag=[0-9a-f]{7}$/,
        ),
      },
    });
    expect(staging.customData).toMatchObject({
      repository: 'checkout/orders-api',
      commit: firstSha,
      branch: 'main',
      image: `registry.acme.example/orders-api:${firstSha.slice(0, 7)}`,
    });
    expect(production.subject.content.environment.id).toBe('production');
    expect(finished.subject.content).toMatchObject({ outcome: 'success' });
  });

  it('fails the run, and says why, when an overlay does not render', async () => {
    const source = tempDir('ci-broken');
    const overlay = path.join(source, 'deploy/overlays/staging');
    fs.mkdirSync(overlay, { recursive: true });
    fs.writeFileSync(
      path.join(overlay, 'kustomization.yaml'),
      'resources:\n  - ../../base\n',
    );
    await publishWithGitea(sandbox.gitHost!.url, 'owner=acme&repo=broken', {
      source,
    });
    await sandbox.ci.whenIdle();

    const [failed] = sandbox.ci.runs('acme/broken');
    expect(failed.status).toBe('failed');
    expect(failed.stages.map(s => [s.name, s.status])).toEqual([
      ['checkout', 'succeeded'],
      ['build', 'succeeded'],
      ['render', 'failed'],
      ['deploy-staging', 'skipped'],
    ]);
    expect(failed.stages[2].log.at(-1)).toMatch(
      /error: kubectl kustomize .* failed: /,
    );
    const finished = sink.received.at(-1)!.event.data;
    expect(finished.context.type).toBe(
      'dev.cdevents.pipelinerun.finished.0.2.0',
    );
    expect(finished.subject.content).toMatchObject({
      pipelineName: 'broken',
      outcome: 'failure',
      errors: expect.stringContaining('kubectl kustomize'),
    });
  });

  it('deploys later pushes to the default branch only, and survives a sink that is down', async () => {
    await sink.close();
    const dir = tempDir('ci-clone');
    const url = new URL(`${sandbox.gitHost!.url}/checkout/orders-api.git`);
    url.username = 'portal';
    url.password = 'portal-sandbox-git';
    await run('git', ['clone', '--quiet', url.href, dir]);
    const git = (...args: string[]) =>
      run('git', ['-C', dir, ...args], {
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'Dev',
          GIT_AUTHOR_EMAIL: 'dev@acme.example',
          GIT_COMMITTER_NAME: 'Dev',
          GIT_COMMITTER_EMAIL: 'dev@acme.example',
        },
      });
    fs.appendFileSync(path.join(dir, 'README.md'), '\nA change.\n');
    await git('commit', '--quiet', '-am', 'Change the README');
    await git('push', '--quiet', 'origin', 'HEAD:refs/heads/feature');
    await sandbox.ci.whenIdle();
    expect(sandbox.ci.runs('checkout/orders-api')).toHaveLength(1);

    await git('push', '--quiet', 'origin', 'HEAD:refs/heads/main');
    await sandbox.ci.whenIdle();
    const [latest] = sandbox.ci.runs('checkout/orders-api');
    const sha = (await git('rev-parse', 'HEAD')).stdout.trim();
    expect(latest).toMatchObject({ sha, status: 'succeeded' });
    expect(sandbox.ci.runs('checkout/orders-api')).toHaveLength(2);
    const staging = await rollout('staging');
    expect(staging.spec.template.spec.containers[0].image).toBe(
      `registry.acme.example/orders-api:${sha.slice(0, 7)}`,
    );
    // A new image is a new revision: the controller starts a canary of it
    // beside the stable ReplicaSet. (How far the steps get depends on its
    // analysis, which needs a Prometheus this test does not start.)
    await waitFor(
      async () => {
        const status = (await rollout('staging')).status;
        return (
          Boolean(status?.currentPodHash) &&
          Boolean(status?.stableRS) &&
          status.currentPodHash !== status.stableRS
        );
      },
      'a canary revision beside the stable one',
      15000,
    );
  });

  it('does not run for repositories without deploy overlays', async () => {
    const source = tempDir('ci-plain');
    fs.writeFileSync(path.join(source, 'README.md'), '# docs\n');
    await publishWithGitea(sandbox.gitHost!.url, 'owner=acme&repo=docs', {
      source,
    });
    await sandbox.ci.whenIdle();
    expect(sandbox.ci.runs('acme/docs')).toEqual([]);
  });
});
