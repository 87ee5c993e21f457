import { ChildProcess, execFile, spawn } from 'node:child_process';
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

jest.setTimeout(30000);

const NAMESPACE = `
apiVersion: v1
kind: Namespace
metadata:
  name: demo
`;

const MANIFEST = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: blue
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: registry.acme.example/web:1.0.0
  strategy:
    canary:
      steps:
      - setWeight: 50
      - pause: {}
`;

/** Drives the real kubectl binary against the sandbox (https side, self-signed CA). */
describe('kubectl', () => {
  let sandbox: Sandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const kubectl = async (...args: string[]) =>
    (await run(KUBECTL, args, { env, timeout: 20000 })).stdout;

  beforeAll(async () => {
    await requireKubectl();
    sandbox = await startTestSandbox();
    ({ dir, env } = kubectlEnvironment(sandbox, 'demo'));
    fs.writeFileSync(path.join(dir, 'manifest.yaml'), MANIFEST);
    fs.writeFileSync(path.join(dir, 'namespace.yaml'), NAMESPACE);
    // Not `kubectl create namespace`: typed generators send protobuf, which the sandbox does not speak.
    await kubectl('create', '-f', path.join(dir, 'namespace.yaml'));
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gets namespaces as a table', async () => {
    const out = await kubectl('get', 'namespaces');
    expect(out).toMatch(/^NAME\s+STATUS\s+AGE\n/);
    expect(out).toMatch(/\ndemo\s+Active\s+\d+s\n/);
  });

  it('applies a manifest, twice', async () => {
    expect(await kubectl('apply', '-f', path.join(dir, 'manifest.yaml'))).toBe(
      'configmap/settings created\nrollout.argoproj.io/web created\n',
    );
    fs.writeFileSync(
      path.join(dir, 'manifest.yaml'),
      MANIFEST.replace('color: blue', 'color: green'),
    );
    expect(await kubectl('apply', '-f', path.join(dir, 'manifest.yaml'))).toBe(
      'configmap/settings configured\nrollout.argoproj.io/web unchanged\n',
    );
    expect(
      await kubectl(
        'get',
        'configmap',
        'settings',
        '-o',
        'jsonpath={.data.color}',
      ),
    ).toBe('green');
    await waitFor(
      async () =>
        (await kubectl(
          'get',
          'rollout',
          'web',
          '-o',
          'jsonpath={.status.phase}',
        )) === 'Healthy',
      'Healthy',
    );
    const table = await kubectl('get', 'rollouts');
    expect(table).toMatch(
      /^NAME\s+DESIRED\s+CURRENT\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+2\s+2\s+2\s+2\s+\d+s\n$/,
    );
    expect(await kubectl('get', 'pods', '-l', 'app=web', '-o', 'name')).toMatch(
      /^pod\/web-\w+-\w{5}\npod\/web-\w+-\w{5}\n$/,
    );
  });

  it('describes a rollout with its events', async () => {
    const out = await kubectl('describe', 'rollout', 'web');
    expect(out).toMatch(/^Name:\s+web\nNamespace:\s+demo\n/);
    expect(out).toMatch(/Phase:\s+Healthy/);
    expect(out).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/);
    expect(out).toMatch(
      /Normal\s+ScalingReplicaSet\s+.*rollouts-controller\s+Scaled up ReplicaSet web-\w+ \(revision 1\) from 0 to 2/,
    );
  });

  it('patches with --type merge and --type json, and rejects strategic on a custom resource', async () => {
    await kubectl(
      'patch',
      'rollout',
      'web',
      '--type',
      'merge',
      '-p',
      '{"spec":{"replicas":3}}',
    );
    await kubectl(
      'patch',
      'rollout',
      'web',
      '--type',
      'json',
      '-p',
      '[{"op":"add","path":"/metadata/labels","value":{"team":"a"}}]',
    );
    expect(
      await kubectl(
        'get',
        'rollout',
        'web',
        '-o',
        'jsonpath={.spec.replicas} {.metadata.labels.team} {.metadata.generation}',
      ),
    ).toBe('3 a 2');
    await expect(
      kubectl('patch', 'rollout', 'web', '-p', '{"spec":{"replicas":1}}'),
    ).rejects.toThrow(
      /the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json, application\/apply-patch\+yaml/,
    );
  });

  it('watches with get -w', async () => {
    const child: ChildProcess = spawn(
      KUBECTL,
      ['get', 'rollout', 'web', '-w', '--request-timeout=20s'],
      { env },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // Only complete lines: a line may arrive in several chunks.
    const lines = () => output.split('\n').slice(0, -1);
    try {
      await waitFor(() => lines().length >= 2, 'initial table');
      await kubectl(
        'patch',
        'rollout',
        'web',
        '--type',
        'merge',
        '-p',
        '{"spec":{"replicas":4}}',
      );
      await waitFor(
        () => lines().some(l => /^web\s+4\s/.test(l)),
        'watched change',
      );
      expect(lines()[0]).toMatch(/^NAME\s+DESIRED/);
    } finally {
      child.kill();
    }
  });

  it('deletes, cascading to ReplicaSets', async () => {
    expect(await kubectl('delete', 'rollout', 'web')).toBe(
      'rollout.argoproj.io "web" deleted\n',
    );
    await waitFor(
      async () => (await kubectl('get', 'replicasets', '-o', 'name')) === '',
      'ReplicaSets gone',
    );
    expect(await kubectl('get', 'rollouts', '--ignore-not-found')).toBe('');
    const missing = await run(KUBECTL, ['get', 'rollout', 'web'], {
      env,
    }).catch(e => e);
    expect(missing.stderr).toBe(
      'Error from server (NotFound): rollouts.argoproj.io "web" not found\n',
    );
  });
});
