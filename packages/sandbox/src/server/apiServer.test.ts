import { VersionApi } from '@kubernetes/client-node';
import { Sandbox } from '../sandbox';
import {
  applyPatch,
  clients,
  jsonPatch,
  mergePatch,
  ROLLOUT,
  startTestSandbox,
  statusOf,
  strategicPatch,
  waitFor,
} from '../__testUtils__/sandbox';

const rollout = (name: string, image = 'nginx:1.0') => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image }] },
    },
    strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } },
  },
});

describe('Kubernetes API', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof clients>;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      tokens: {
        scoped: [
          {
            token: 'team-a',
            namespaces: ['team-a'],
            user: 'team-a-reader',
            verbs: ['get', 'list', 'watch'],
          },
        ],
      },
    });
    api = clients(sandbox);
    for (const name of ['api-test', 'team-a', 'team-b']) {
      await api.core.createNamespace({ body: { metadata: { name } } });
    }
  });

  afterAll(() => sandbox.stop());

  it('serves discovery and version', async () => {
    const version = await api.kc.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.32\./);
    const groups = await fetch(`${sandbox.clusters.test.url}/apis`, {
      headers: { Authorization: `Bearer ${sandbox.adminToken}` },
    }).then(r => r.json());
    expect(groups.groups.map((g: any) => g.name)).toEqual([
      'apps',
      'autoscaling',
      'batch',
      'networking.k8s.io',
      'policy',
      'metrics.k8s.io',
      'argoproj.io',
      // The SMI CRD, for the SMI traffic router's TrafficSplits.
      'split.smi-spec.io',
    ]);
  });

  it('counts the requests it receives, watches apart', async () => {
    const before = sandbox.requestCounts().test;
    const headers = { Authorization: `Bearer ${sandbox.adminToken}` };
    const base = `${sandbox.clusters.test.url}/apis/apps/v1/namespaces/api-test/replicasets`;
    await fetch(base, { headers }).then(r => r.json());
    const watch = new AbortController();
    const res = await fetch(`${base}?watch=true`, {
      headers,
      signal: watch.signal,
    });
    expect(res.status).toBe(200);
    watch.abort();
    expect(sandbox.requestCounts().test).toEqual({
      total: before.total + 2,
      watches: before.watches + 1,
    });
  });

  it('serves every kind the Backstage Kubernetes plugin lists, and pod metrics', async () => {
    const kinds = [
      '/api/v1/pods',
      '/api/v1/services',
      '/api/v1/configmaps',
      '/api/v1/limitranges',
      '/api/v1/resourcequotas',
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/replicasets',
      '/apis/autoscaling/v2/horizontalpodautoscalers',
      '/apis/batch/v1/jobs',
      '/apis/batch/v1/cronjobs',
      '/apis/networking.k8s.io/v1/ingresses',
      '/apis/apps/v1/statefulsets',
      '/apis/apps/v1/daemonsets',
      '/apis/argoproj.io/v1alpha1/rollouts',
      '/apis/metrics.k8s.io/v1beta1/namespaces/api-test/pods',
    ];
    for (const path of kinds) {
      const res = await fetch(
        `${sandbox.clusters.test.url}${path}?labelSelector=backstage.io%2Fkubernetes-id%3Dx`,
        {
          headers: { Authorization: `Bearer ${sandbox.adminToken}` },
        },
      );
      expect(`${path} ${res.status}`).toBe(`${path} 200`);
      const body = await res.json();
      expect(body.kind).toMatch(/List$/);
      expect(body.items).toEqual([]);
    }
  });

  it('answers 401 with a Status for a missing or wrong token', async () => {
    for (const headers of [{}, { Authorization: 'Bearer nope' }] as Array<
      Record<string, string>
    >) {
      const res = await fetch(
        `${sandbox.clusters.test.url}/api/v1/namespaces`,
        { headers },
      );
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  });

  it('answers 403 for a scoped token outside its namespaces and verbs', async () => {
    const scoped = clients(sandbox, 'test', 'team-a');
    await expect(
      scoped.core.listNamespacedConfigMap({ namespace: 'team-a' }),
    ).resolves.toBeDefined();
    const denied = await statusOf(
      scoped.core.listNamespacedConfigMap({ namespace: 'team-b' }),
    );
    expect(denied).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      kind: 'Status',
      message:
        'configmaps is forbidden: User "team-a-reader" cannot list resource "configmaps" in API group "" in the namespace "team-b"',
      details: { kind: 'configmaps' },
    });
    const write = await statusOf(
      scoped.core.createNamespacedConfigMap({
        namespace: 'team-a',
        body: { metadata: { name: 'x' } },
      }),
    );
    expect(write.code).toBe(403);
    const clusterWide = await statusOf(
      scoped.custom.listClusterCustomObject(ROLLOUT),
    );
    expect(clusterWide.message).toContain('at the cluster scope');
  });

  it('answers 404 and 409 AlreadyExists with upstream wording', async () => {
    expect(
      await statusOf(
        api.core.readNamespacedConfigMap({
          name: 'missing',
          namespace: 'api-test',
        }),
      ),
    ).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'configmaps "missing" not found',
      details: { name: 'missing', kind: 'configmaps' },
    });
    expect(
      await statusOf(
        api.custom.getNamespacedCustomObject({
          ...ROLLOUT,
          namespace: 'api-test',
          name: 'nope',
        }),
      ),
    ).toMatchObject({
      code: 404,
      message: 'rollouts.argoproj.io "nope" not found',
      details: { name: 'nope', group: 'argoproj.io', kind: 'rollouts' },
    });
    await api.core.createNamespacedConfigMap({
      namespace: 'api-test',
      body: { metadata: { name: 'dup' } },
    });
    expect(
      await statusOf(
        api.core.createNamespacedConfigMap({
          namespace: 'api-test',
          body: { metadata: { name: 'dup' } },
        }),
      ),
    ).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "dup" already exists',
    });
    expect(
      await statusOf(
        api.core.createNamespacedConfigMap({
          namespace: 'no-such-ns',
          body: { metadata: { name: 'x' } },
        }),
      ),
    ).toMatchObject({
      code: 404,
      message: 'namespaces "no-such-ns" not found',
    });
  });

  it('answers 422 Invalid with causes', async () => {
    const status = await statusOf(
      api.apps.createNamespacedDeployment({
        namespace: 'api-test',
        body: {
          metadata: { name: 'Bad_Name' },
          spec: {
            selector: { matchLabels: { app: 'a' } },
            template: {
              metadata: { labels: { app: 'b' } },
              spec: { containers: [] },
            },
          },
        },
      }),
    );
    expect(status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      details: { name: 'Bad_Name', group: 'apps', kind: 'Deployment' },
    });
    expect(status.message).toMatch(
      /^Deployment\.apps "Bad_Name" is invalid: \[metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
    expect(status.details.causes.map((c: any) => c.field)).toEqual([
      'metadata.name',
      'spec.template.metadata.labels',
      'spec.template.spec.containers',
    ]);
  });

  it('rejects a PUT with a stale resourceVersion with 409 Conflict', async () => {
    const created = await api.core.createNamespacedConfigMap({
      namespace: 'api-test',
      body: { metadata: { name: 'cm-conflict' }, data: { a: '1' } },
    });
    const first = await api.core.replaceNamespacedConfigMap({
      name: 'cm-conflict',
      namespace: 'api-test',
      body: { ...created, data: { a: '2' } },
    });
    expect(Number(first.metadata!.resourceVersion)).toBeGreaterThan(
      Number(created.metadata!.resourceVersion),
    );
    const stale = await statusOf(
      api.core.replaceNamespacedConfigMap({
        name: 'cm-conflict',
        namespace: 'api-test',
        body: { ...created, data: { a: '3' } },
      }),
    );
    expect(stale).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "cm-conflict": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('applies merge, JSON, strategic and apply patches, and 415 for strategic on a custom resource', async () => {
    await api.custom.createNamespacedCustomObject({
      ...ROLLOUT,
      namespace: 'api-test',
      body: rollout('patch-me'),
    });
    const merged: any = await api.custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace: 'api-test',
        name: 'patch-me',
        body: { spec: { replicas: 2 } },
      },
      mergePatch,
    );
    expect(merged.spec.replicas).toBe(2);
    const jsonPatched: any = await api.custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace: 'api-test',
        name: 'patch-me',
        body: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
      },
      jsonPatch,
    );
    expect(jsonPatched.spec.replicas).toBe(3);
    const unsupported = await statusOf(
      api.custom.patchNamespacedCustomObject(
        {
          ...ROLLOUT,
          namespace: 'api-test',
          name: 'patch-me',
          body: { spec: { replicas: 4 } },
        },
        strategicPatch,
      ),
    );
    expect(unsupported).toEqual({
      code: 415,
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      reason: 'UnsupportedMediaType',
    });
    const failedTest = await statusOf(
      api.custom.patchNamespacedCustomObject(
        {
          ...ROLLOUT,
          namespace: 'api-test',
          name: 'patch-me',
          body: [{ op: 'test', path: '/spec/replicas', value: 99 }],
        },
        jsonPatch,
      ),
    );
    expect(failedTest).toMatchObject({ code: 422, reason: 'Invalid' });

    await api.apps.createNamespacedDeployment({
      namespace: 'api-test',
      body: {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'web:1',
                  env: [{ name: 'A', value: '1' }],
                },
                { name: 'sidecar', image: 'proxy:1' },
              ],
            },
          },
        },
      },
    });
    const smp = await api.apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'api-test',
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'web',
                    image: 'web:2',
                    env: [{ name: 'B', value: '2' }],
                  },
                ],
              },
            },
          },
        },
      },
      strategicPatch,
    );
    const containers = smp.spec!.template.spec!.containers;
    expect(containers.map(c => [c.name, c.image])).toEqual([
      ['web', 'web:2'],
      ['sidecar', 'proxy:1'],
    ]);
    expect(containers[0].env!.map(e => e.name)).toEqual(['A', 'B']);
    expect(smp.metadata!.generation).toBe(2);

    const applied = await api.core.patchNamespacedConfigMap(
      {
        name: 'applied',
        namespace: 'api-test',
        fieldManager: 'test-suite',
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'applied' },
          data: { a: '1', b: '2' },
        },
      },
      applyPatch,
    );
    expect(applied.metadata!.managedFields![0]).toMatchObject({
      manager: 'test-suite',
      operation: 'Apply',
    });
    const reapplied = await api.core.patchNamespacedConfigMap(
      {
        name: 'applied',
        namespace: 'api-test',
        fieldManager: 'test-suite',
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'applied' },
          data: { a: '9' },
        },
      },
      applyPatch,
    );
    expect(reapplied.data).toEqual({ a: '9' });
  });

  it('bumps generation on spec changes only; status writes go through /status', async () => {
    const created: any = await api.custom.createNamespacedCustomObject({
      ...ROLLOUT,
      namespace: 'api-test',
      body: rollout('gen'),
    });
    expect(created.metadata.generation).toBe(1);
    const labelled: any = await api.custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace: 'api-test',
        name: 'gen',
        body: {
          metadata: { labels: { extra: 'x' } },
          status: { phase: 'Bogus' },
        },
      },
      mergePatch,
    );
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.status?.phase).not.toBe('Bogus');
    const paused: any = await api.custom.patchNamespacedCustomObjectStatus(
      {
        ...ROLLOUT,
        namespace: 'api-test',
        name: 'gen',
        body: { status: { abort: true }, spec: { replicas: 7 } },
      },
      mergePatch,
    );
    expect(paused.status.abort).toBe(true);
    expect(paused.spec.replicas).toBe(1);
    expect(paused.metadata.generation).toBe(1);
    const specChange: any = await api.custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace: 'api-test',
        name: 'gen',
        body: { spec: { paused: true } },
      },
      mergePatch,
    );
    expect(specChange.metadata.generation).toBe(2);
  });

  it('filters lists by label and field selectors and paginates', async () => {
    const labels: Array<Record<string, string>> = [
      { tier: 'web', env: 'prod' },
      { tier: 'api', env: 'prod' },
      { tier: 'db' },
    ];
    for (const [i, l] of labels.entries()) {
      await api.core.createNamespacedConfigMap({
        namespace: 'api-test',
        body: { metadata: { name: `sel-${i}`, labels: l } },
      });
    }
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (
        await api.core.listNamespacedConfigMap({
          namespace: 'api-test',
          labelSelector,
          fieldSelector,
        })
      ).items
        .map(i => i.metadata!.name)
        .filter(n => n!.startsWith('sel-'));
    expect(await names('tier=web')).toEqual(['sel-0']);
    expect(await names('tier!=web,tier')).toEqual(['sel-1', 'sel-2']);
    expect(await names('tier in (web, db)')).toEqual(['sel-0', 'sel-2']);
    expect(await names('tier notin (web),env')).toEqual(['sel-1']);
    expect(await names('!env')).toEqual(['sel-2']);
    expect(await names(undefined, 'metadata.name=sel-1')).toEqual(['sel-1']);
    expect(
      await names(
        undefined,
        'metadata.name!=sel-1,metadata.namespace=api-test',
      ),
    ).toEqual(['sel-0', 'sel-2']);
    const bad = await statusOf(
      api.core.listNamespacedConfigMap({
        namespace: 'api-test',
        fieldSelector: 'data.a=1',
      }),
    );
    expect(bad).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'field label not supported: data.a',
    });

    const page1 = await api.core.listNamespacedConfigMap({
      namespace: 'api-test',
      labelSelector: 'tier',
      limit: 2,
    });
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata!._continue).toBeTruthy();
    const page2 = await api.core.listNamespacedConfigMap({
      namespace: 'api-test',
      labelSelector: 'tier',
      limit: 2,
      _continue: page1.metadata!._continue,
    });
    expect(page2.items.map(i => i.metadata!.name)).toEqual(['sel-2']);
    const all: any = await api.custom.listClusterCustomObject(ROLLOUT);
    expect(all.kind).toBe('RolloutList');
    expect(all.items.length).toBeGreaterThan(0);
  });

  it('terminates a namespace and everything in it', async () => {
    await api.core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await api.core.createNamespacedConfigMap({
      namespace: 'doomed',
      body: { metadata: { name: 'x' } },
    });
    const terminating = await api.core.deleteNamespace({ name: 'doomed' });
    expect((terminating as any).status?.phase).toBe('Terminating');
    await waitFor(
      async () =>
        (await statusOf(api.core.readNamespace({ name: 'doomed' }))).code ===
        404,
      'namespace gone',
    );
    expect(
      (
        await api.core.listConfigMapForAllNamespaces({
          fieldSelector: 'metadata.namespace=doomed',
        })
      ).items,
    ).toEqual([]);
  });

  it('garbage-collects owned objects on delete', async () => {
    await api.custom.createNamespacedCustomObject({
      ...ROLLOUT,
      namespace: 'api-test',
      body: rollout('owner'),
    });
    const rsFor = async () =>
      (
        await api.apps.listNamespacedReplicaSet({
          namespace: 'api-test',
          labelSelector: 'app=owner',
        })
      ).items;
    await waitFor(
      async () => (await rsFor()).length === 1,
      'rollout to create its ReplicaSet',
    );
    await waitFor(
      async () =>
        (
          await api.core.listNamespacedPod({
            namespace: 'api-test',
            labelSelector: 'app=owner',
          })
        ).items.length === 1,
      'pod',
    );
    await api.custom.deleteNamespacedCustomObject({
      ...ROLLOUT,
      namespace: 'api-test',
      name: 'owner',
    });
    await waitFor(
      async () => (await rsFor()).length === 0,
      'ReplicaSet to be collected',
    );
    await waitFor(
      async () =>
        (
          await api.core.listNamespacedPod({
            namespace: 'api-test',
            labelSelector: 'app=owner',
          })
        ).items.length === 0,
      'pods to be collected',
    );
    expect(await rsFor()).toEqual([]);
  });
});
