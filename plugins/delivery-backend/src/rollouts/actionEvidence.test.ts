import { DeliveryAction } from '@internal/plugin-delivery-common';
import { evidenceOf, judgeAction } from './actionEvidence';
import { Rollout } from './kubernetesTypes';

/** A canary held in the pause of step 1, as the patch was decided on. */
function paused(overrides: Partial<Rollout['status']> = {}): Rollout {
  return {
    metadata: {
      name: 'cart-api',
      namespace: 'checkout',
      uid: 'u1',
      resourceVersion: '100',
      generation: 3,
    },
    spec: {
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
    },
    status: {
      observedGeneration: 3,
      currentStepIndex: 1,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 't0' }],
      stableRS: 'stable',
      currentPodHash: 'canary',
      ...overrides,
    },
  } as Rollout;
}

function after(
  before: Rollout,
  change: { status?: object; spec?: object; metadata?: object },
): Rollout {
  return {
    ...before,
    metadata: {
      ...before.metadata,
      resourceVersion: '101',
      ...change.metadata,
    },
    spec: { ...before.spec, ...change.spec },
    status: { ...before.status, ...change.status },
  } as Rollout;
}

const judge = (action: DeliveryAction, before: Rollout, now: Rollout) =>
  judgeAction(evidenceOf(before, action), now);

describe('judgeAction', () => {
  it('takes an unchanged resourceVersion for not applied, whatever the action', () => {
    const before = paused();
    expect(judge('promote', before, before)).toEqual({
      applied: false,
      why: 'the rollout is unchanged at resourceVersion 100',
    });
  });

  it('takes a Rollout created again for not applied', () => {
    const before = paused();
    expect(
      judge('abort', before, after(before, { metadata: { uid: 'u2' } })),
    ).toMatchObject({ applied: false });
  });

  it('reads abort and retry off status.abort', () => {
    const before = paused();
    expect(
      judge('abort', before, after(before, { status: { abort: true } })),
    ).toMatchObject({ applied: true });
    // Changed by the controller, not aborted: not ours.
    expect(
      judge('abort', before, after(before, { status: { readyReplicas: 2 } })),
    ).toMatchObject({ applied: false });
    const aborted = paused({ abort: true });
    expect(
      judge('retry', aborted, after(aborted, { status: { abort: false } })),
    ).toMatchObject({ applied: true });
  });

  it('reads a promote off the pause it lifted, and a half-applied one as not applied', () => {
    const before = paused();
    expect(
      judge(
        'promote',
        before,
        after(before, {
          status: { currentStepIndex: 2, pauseConditions: undefined },
        }),
      ),
    ).toMatchObject({ applied: true });
    expect(
      judge(
        'promote',
        before,
        after(before, { status: { availableReplicas: 4 } }),
      ),
    ).toMatchObject({
      applied: false,
      why: expect.stringContaining('same pause'),
    });

    const specPaused = { ...paused(), spec: { paused: true } } as Rollout;
    expect(
      judge(
        'promote',
        specPaused,
        after(specPaused, { status: { pauseConditions: undefined } }),
      ),
    ).toMatchObject({
      applied: false,
      why: expect.stringContaining('only the status part was applied'),
    });
  });

  it('cannot tell once a new revision arrived meanwhile', () => {
    const before = paused();
    expect(
      judge(
        'promote',
        before,
        after(before, {
          status: { currentPodHash: 'newer', currentStepIndex: 0 },
        }),
      ),
    ).toMatchObject({ applied: 'unknown' });
  });

  it('reads a rollback off the pod-template-hash, waiting for the controller to observe it', () => {
    const before = paused();
    const evidence = evidenceOf(before, 'rollback', 'stable');
    const changed = after(before, { metadata: { generation: 4 } });
    expect(judgeAction(evidence, changed)).toBeUndefined();
    expect(
      judgeAction(evidence, {
        ...changed,
        status: {
          ...changed.status,
          observedGeneration: 4,
          currentPodHash: 'stable',
        },
      }),
    ).toMatchObject({ applied: true });
    expect(
      judgeAction(evidence, after(before, { status: { readyReplicas: 1 } })),
    ).toMatchObject({
      applied: false,
      why: 'the rollout template is unchanged',
    });
  });
});
