import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Sandbox } from './sandbox';
import {
  KUBECTL,
  kubectlEnvironment,
  requireKubectl,
} from './__testUtils__/kubectl';
import { startTestSandbox, waitFor } from './__testUtils__/sandbox';

const run = promisify(execFile);

jest.setTimeout(40000);

const DEPLOYMENT_AND_ROLLOUT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 0
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: registry.acme.example/api:1.0.0
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: api
spec:
  replicas: 2
  workloadRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api
  strategy:
    canary:
      steps:
      - setWeight: 50
      - analysis:
          templates:
          - templateName: smoke
            clusterScope: true
`;

const CLUSTER_TEMPLATE = `
apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata:
  name: smoke
spec:
  metrics:
  - name: smoke
    provider:
      job:
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: smoke
                image: registry.acme.example/smoke:1
                command: [sh, -c, "exit 0"]
`;

const TYPO = `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: typo
spec:
  replicas: 1
  selector:
    matchLabels: {app: typo}
  template:
    metadata:
      labels: {app: typo}
    spec:
      containers:
      - name: typo
        image: registry.acme.example/typo:1
  strategy:
    canary:
      stepz:
      - setWeight: 50
`;

/** The Argo Rollouts behaviours the sandbox shares with a real cluster, driven by the real kubectl. */
describe('kubectl against Argo Rollouts resources', () => {
  let sandbox: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const kubectl = async (...args: string[]) =>
    (await run(KUBECTL, args, { env, timeout: 20000 })).stdout;
  const file = (name: string, content: string) => {
    fs.writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };

  beforeAll(async () => {
    await requireKubectl();
    sandbox = await startTestSandbox();
    ({ dir, env } = kubectlEnvironment(sandbox, 'argo'));
    await kubectl(
      'create',
      '-f',
      file(
        'ns.yaml',
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: argo\n',
      ),
    );
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a misspelt Rollout field, as a cluster with the Argo CRDs does', async () => {
    const error = await kubectl('apply', '-f', file('typo.yaml', TYPO)).catch(
      e => e,
    );
    expect(error.stderr).toContain(
      'Rollout in version "v1alpha1" cannot be handled as a Rollout: strict decoding error: unknown field "spec.strategy.canary.stepz"',
    );
    await expect(kubectl('get', 'rollout', 'typo')).rejects.toThrow(
      /rollouts.argoproj.io "typo" not found/,
    );
    const warned = await run(
      KUBECTL,
      ['apply', '--validate=warn', '-f', path.join(dir, 'typo.yaml')],
      { env },
    );
    expect(warned.stderr).toContain(
      'Warning: unknown field "spec.strategy.canary.stepz"',
    );
    expect(
      await kubectl(
        'get',
        'rollout',
        'typo',
        '-o',
        'jsonpath={.spec.strategy}',
      ),
    ).toBe('{"canary":{}}');
  });

  it('runs a workloadRef Rollout whose ClusterAnalysisTemplate runs a Job', async () => {
    await kubectl('apply', '-f', file('template.yaml', CLUSTER_TEMPLATE));
    await kubectl('apply', '-f', file('api.yaml', DEPLOYMENT_AND_ROLLOUT));
    await waitFor(
      async () =>
        (await kubectl(
          'get',
          'rollout',
          'api',
          '-o',
          'jsonpath={.status.phase}',
        )) === 'Healthy',
      'Healthy',
    );
    await kubectl(
      'set',
      'image',
      'deployment/api',
      'api=registry.acme.example/api:2.0.0',
    );
    await waitFor(async () => {
      const out = await kubectl(
        'get',
        'rollout',
        'api',
        '-o',
        'jsonpath={.status.phase} {.status.stableRS} {.status.currentPodHash}',
      );
      const [phase, stable, current] = out.split(' ');
      return phase === 'Healthy' && stable === current && out;
    }, 'Healthy on 2.0.0');
    const jobs = await kubectl(
      'get',
      'jobs',
      '-o',
      'jsonpath={range .items[*]}{.metadata.ownerReferences[0].kind} {.status.conditions[-1:].type}{"\\n"}{end}',
    );
    expect(jobs).toBe('AnalysisRun Complete\n');
  });
});
