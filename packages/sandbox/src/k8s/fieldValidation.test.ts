import { Sandbox } from '../sandbox';
import {
  ROLLOUT,
  applyPatch,
  clients,
  mergePatch,
  startTestSandbox,
} from '../__testUtils__/sandbox';
import { unknownFields } from './fieldValidation';

jest.setTimeout(30000);

const rollout = (name: string, canary: object) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [{ name: 'app', image: 'registry.acme.example/app:1' }],
      },
    },
    strategy: { canary },
  },
});

const status = (e: any) => JSON.parse(e.body ?? '{}');

describe('field validation of Argo Rollouts resources', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof clients>;
  const namespace = 'fields';

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    api = clients(sandbox);
    await api.core.createNamespace({ body: { metadata: { name: namespace } } });
  });
  afterAll(() => sandbox.stop());

  it('finds the fields the published CRD schema does not declare', () => {
    expect(
      unknownFields(
        rollout('x', {
          steps: [{ setWeigth: 20 }, { pause: { duraton: '1m' } }],
          canaryServce: 'x',
        }) as any,
      ),
    ).toEqual([
      'spec.strategy.canary.steps[0].setWeigth',
      'spec.strategy.canary.steps[1].pause.duraton',
      'spec.strategy.canary.canaryServce',
    ]);
    expect(
      unknownFields(rollout('x', { steps: [{ setWeight: 20 }] }) as any),
    ).toEqual([]);
    // Free-form parts stay free-form: labels, annotations, pod template metadata.
    const labelled: any = rollout('x', {});
    labelled.metadata.labels = { anything: 'goes' };
    expect(unknownFields(labelled)).toEqual([]);
    // The CRD keeps resource quantities as they come
    // (x-kubernetes-preserve-unknown-fields), so nothing there is pruned.
    const sized: any = rollout('x', {});
    sized.spec.template.spec.containers[0].resources = {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: '256Mi' },
      limitz: {},
    };
    expect(unknownFields(sized)).toEqual([
      'spec.template.spec.containers[0].resources.limitz',
    ]);
  });

  it('rejects unknown fields with Strict, in the API server words', async () => {
    const error = await api.custom
      .createNamespacedCustomObject({
        ...ROLLOUT,
        namespace,
        body: rollout('strict', { steps: [{ setWeigth: 20 }] }),
        fieldValidation: 'Strict',
      })
      .catch(e => e);
    expect(error.code).toBe(400);
    expect(status(error)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message:
        'Rollout in version "v1alpha1" cannot be handled as a Rollout: strict decoding error: unknown field "spec.strategy.canary.steps[0].setWeigth"',
    });
  });

  it('drops unknown fields with Warn (the default) and Ignore', async () => {
    for (const [name, fieldValidation] of [
      ['warned', undefined],
      ['ignored', 'Ignore'],
    ] as const) {
      const created: any = await api.custom.createNamespacedCustomObject({
        ...ROLLOUT,
        namespace,
        body: rollout(name, { steps: [{ setWeight: 20, setWeigth: 30 }] }),
        fieldValidation,
      });
      expect(created.spec.strategy.canary.steps).toEqual([{ setWeight: 20 }]);
    }
  });

  it('checks patches and server-side apply too', async () => {
    const patchError = await api.custom
      .patchNamespacedCustomObject(
        {
          ...ROLLOUT,
          namespace,
          name: 'warned',
          body: { spec: { replicaz: 3 } },
          fieldValidation: 'Strict',
        },
        mergePatch,
      )
      .catch(e => e);
    expect(status(patchError).message).toBe(
      'strict decoding error: unknown field "spec.replicaz"',
    );
    const applyError = await api.custom
      .patchNamespacedCustomObject(
        {
          ...ROLLOUT,
          namespace,
          name: 'applied',
          body: rollout('applied', { stepz: [] }),
          fieldManager: 'test',
          fieldValidation: 'Strict',
        },
        applyPatch,
      )
      .catch(e => e);
    expect(status(applyError).message).toBe(
      'failed to create typed patch object (argoproj.io/v1alpha1, Kind=Rollout): .spec.strategy.canary.stepz: field not declared in schema',
    );
  });

  it('refuses an unknown directive', async () => {
    const error = await api.custom
      .createNamespacedCustomObject({
        ...ROLLOUT,
        namespace,
        body: rollout('bad', {}),
        fieldValidation: 'Loose',
      })
      .catch(e => e);
    expect(status(error)).toMatchObject({
      code: 422,
      message:
        'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"',
    });
  });
});
