import { BatchV1Api } from '@kubernetes/client-node';
import { Sandbox } from '../../sandbox';
import {
  ROLLOUT,
  clients,
  jsonPatch,
  startTestSandbox,
  waitFor,
} from '../../__testUtils__/sandbox';

jest.setTimeout(40000);

const ARGO = { group: 'argoproj.io', version: 'v1alpha1' };

/**
 * A Rollout whose canary analysis is a ClusterAnalysisTemplate with a `job`
 * metric; the Job's exit code comes from a Secret through an argument, so
 * the Secret decides the outcome.
 */
describe('job metrics from a ClusterAnalysisTemplate with Secret arguments', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof clients>;
  let batch: BatchV1Api;
  const namespace = 'smoke';

  const getRollout = (): Promise<any> =>
    api.custom.getNamespacedCustomObject({
      ...ROLLOUT,
      namespace,
      name: 'web',
    });
  const runs = async (): Promise<any[]> =>
    (
      (await api.custom.listNamespacedCustomObject({
        ...ARGO,
        plural: 'analysisruns',
        namespace,
      })) as any
    ).items;
  const setExitCode = (code: string) =>
    api.core.replaceNamespacedSecret({
      namespace,
      name: 'smoke-args',
      body: {
        metadata: { name: 'smoke-args' },
        stringData: { 'exit-code': code },
      },
    });
  const release = (version: string) =>
    api.custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace,
        name: 'web',
        body: [
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/image',
            value: `registry.acme.example/web:${version}`,
          },
        ],
      },
      jsonPatch,
    );

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    api = clients(sandbox);
    batch = api.kc.makeApiClient(BatchV1Api);
    await api.core.createNamespace({ body: { metadata: { name: namespace } } });
    await api.core.createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: 'smoke-args' },
        stringData: { 'exit-code': '0' },
      },
    });
    await api.custom.createClusterCustomObject({
      ...ARGO,
      plural: 'clusteranalysistemplates',
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ClusterAnalysisTemplate',
        metadata: { name: 'smoke-test' },
        spec: {
          args: [
            {
              name: 'exit-code',
              valueFrom: {
                secretKeyRef: { name: 'smoke-args', key: 'exit-code' },
              },
            },
          ],
          metrics: [
            {
              name: 'smoke',
              provider: {
                job: {
                  spec: {
                    backoffLimit: 0,
                    template: {
                      spec: {
                        restartPolicy: 'Never',
                        containers: [
                          {
                            name: 'smoke',
                            image: 'registry.acme.example/smoke:1',
                            command: [
                              'sh',
                              '-c',
                              'sleep 2; exit {{args.exit-code}}',
                            ],
                          },
                        ],
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      },
      fieldValidation: 'Strict',
    });
    await api.custom.createNamespacedCustomObject({
      ...ROLLOUT,
      namespace,
      body: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                { name: 'web', image: 'registry.acme.example/web:1' },
              ],
            },
          },
          strategy: {
            canary: {
              steps: [
                { setWeight: 50 },
                {
                  analysis: {
                    templates: [
                      { templateName: 'smoke-test', clusterScope: true },
                    ],
                  },
                },
              ],
            },
          },
        },
      },
      fieldValidation: 'Strict',
    });
    await waitFor(
      async () => (await getRollout()).status?.phase === 'Healthy',
      'v1',
    );
  });
  afterAll(() => sandbox.stop());

  it('creates a Job whose success lets the rollout finish', async () => {
    await release('2');
    const healthy = await waitFor(async () => {
      const ro = await getRollout();
      return ro.status?.phase === 'Healthy' &&
        ro.status.stableRS === ro.status.currentPodHash &&
        ro.spec.template.spec.containers[0].image.endsWith(':2')
        ? ro
        : undefined;
    }, 'Healthy on v2');
    const [run] = (await runs()).filter(r =>
      r.metadata.name.startsWith(`web-${healthy.status.currentPodHash}`),
    );
    expect(run.status.phase).toBe('Successful');
    const measurement = run.status.metricResults[0].measurements[0];
    expect(measurement.metadata['job-name']).toBe(
      `${run.metadata.uid}.smoke.1`,
    );
    const job = await batch.readNamespacedJob({
      namespace,
      name: measurement.metadata['job-name'],
    });
    expect(job.metadata!.ownerReferences![0]).toMatchObject({
      kind: 'AnalysisRun',
      name: run.metadata.name,
    });
    expect(job.spec!.template.spec!.containers[0].command).toEqual([
      'sh',
      '-c',
      'sleep 2; exit 0',
    ]);
    expect(job.status!.conditions!.map(c => c.type)).toEqual([
      'SuccessCriteriaMet',
      'Complete',
    ]);
  });

  it('fails the measurement, and aborts the rollout, when the Job fails', async () => {
    await setExitCode('3');
    await release('3');
    const aborted = await waitFor(async () => {
      const ro = await getRollout();
      return ro.status?.abort && ro.status?.phase === 'Degraded'
        ? ro
        : undefined;
    }, 'aborted');
    const run = (await runs()).find(r =>
      r.metadata.name.startsWith(`web-${aborted.status.currentPodHash}`),
    );
    expect(run.status.phase).toBe('Failed');
    expect(run.status.metricResults[0]).toMatchObject({
      phase: 'Failed',
      failed: 1,
    });
    const job = await batch.readNamespacedJob({
      namespace,
      name: run.status.metricResults[0].measurements[0].metadata['job-name'],
    });
    expect(
      job.status!.conditions!.find(c => c.type === 'Failed'),
    ).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
    });
  });

  it('errors the run when the Secret is missing', async () => {
    await api.core.deleteNamespacedSecret({ namespace, name: 'smoke-args' });
    await release('4');
    const errored = await waitFor(
      async () => (await runs()).find(r => r.status?.phase === 'Error'),
      'an errored AnalysisRun',
    );
    expect(errored.status.message).toBe(
      'Unable to resolve metric arguments: secrets "smoke-args" not found',
    );
  });
});
