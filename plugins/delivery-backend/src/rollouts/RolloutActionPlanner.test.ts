import { planAction, PlanResult } from './RolloutActionPlanner';
import { cartApiReplicaSets, pausedCanary } from './__fixtures__/rollouts';

function patchOf(result: PlanResult) {
  if (!result.ok) {
    throw new Error(`refused: ${result.reason}`);
  }
  return result.plan.patch;
}

function reasonOf(result: PlanResult) {
  if (result.ok) {
    throw new Error('expected a refusal');
  }
  return result.reason;
}

const owned = cartApiReplicaSets();

/*
 * The expected patches are the ones pkg/kubectl-argo-rollouts/cmd/promote,
 * abort, retry and undo send (argoproj/argo-rollouts).
 */
describe('planAction', () => {
  describe('promote', () => {
    it('clears the pause conditions of a canary paused at a step', () => {
      const result = planAction(pausedCanary(), owned, 'promote');
      expect(patchOf(result)).toEqual({
        type: 'merge',
        status: { status: { pauseConditions: null } },
        spec: undefined,
        unified: { spec: { paused: false }, status: { pauseConditions: null } },
      });
      expect(result.ok && result.plan).toMatchObject({
        revisionBefore: 1,
        revisionAfter: 2,
      });
    });

    it('also unpauses the spec of a manually paused rollout', () => {
      const rollout = pausedCanary({ spec: { paused: true } });
      expect(patchOf(planAction(rollout, owned, 'promote'))).toMatchObject({
        status: { status: { pauseConditions: null } },
        spec: { spec: { paused: false } },
      });
    });

    it('skips the step after an inconclusive analysis', () => {
      const rollout = pausedCanary({
        status: {
          currentStepIndex: 2,
          canary: { currentStepAnalysisRunStatus: { status: 'Inconclusive' } },
          pauseConditions: [{ reason: 'InconclusiveAnalysisRun' }],
        },
      });
      expect(patchOf(planAction(rollout, owned, 'promote'))).toMatchObject({
        status: {
          status: {
            pauseConditions: null,
            controllerPause: false,
            currentStepIndex: 3,
          },
        },
      });
    });

    it('moves a spec-paused canary without pause conditions to the next step', () => {
      const rollout = pausedCanary({
        spec: { paused: true },
        status: { pauseConditions: [], controllerPause: false },
      });
      expect(patchOf(planAction(rollout, owned, 'promote'))).toEqual({
        type: 'merge',
        spec: { spec: { paused: false } },
        status: { status: { pauseConditions: null, currentStepIndex: 2 } },
        unified: {
          spec: { paused: false },
          status: { pauseConditions: null, currentStepIndex: 2 },
        },
      });
    });

    it('records which step the promotion leads to, for the history', () => {
      const atPause = planAction(pausedCanary(), owned, 'promote');
      expect(atPause.ok && atPause.plan.step).toEqual({
        from: 2,
        to: 3,
        count: 4,
        target: { type: 'setWeight', weight: 50 },
      });
      const atLastPause = planAction(
        pausedCanary({ status: { currentStepIndex: 3 } }),
        owned,
        'promote',
      );
      expect(atLastPause.ok && atLastPause.plan.step).toEqual({
        from: 4,
        to: 5,
        count: 4,
      });
      // Paused by a person at a weight step: promoting only lifts the pause.
      const atWeight = planAction(
        pausedCanary({
          spec: { paused: true },
          status: {
            currentStepIndex: 2,
            pauseConditions: [{ reason: 'PausedByUser' }],
          },
        }),
        owned,
        'promote',
      );
      expect(atWeight.ok && atWeight.plan.step).toMatchObject({
        from: 3,
        to: 3,
      });
    });

    it('refuses when nothing is paused', () => {
      const rollout = pausedCanary({
        status: { pauseConditions: [], phase: 'Progressing' },
      });
      expect(reasonOf(planAction(rollout, owned, 'promote'))).toBe(
        'Rollout checkout/cart-api is not paused, so there is nothing to promote.',
      );
    });
  });

  describe('promoteFull', () => {
    it('sets status.promoteFull, and unpauses a paused spec', () => {
      expect(patchOf(planAction(pausedCanary(), owned, 'promoteFull'))).toEqual(
        {
          type: 'merge',
          spec: undefined,
          status: { status: { promoteFull: true } },
          unified: { spec: { paused: false }, status: { promoteFull: true } },
        },
      );
      const paused = pausedCanary({ spec: { paused: true } });
      expect(patchOf(planAction(paused, owned, 'promoteFull'))).toMatchObject({
        spec: { spec: { paused: false } },
      });
    });

    it('records that it skips from the current step to the end', () => {
      const result = planAction(pausedCanary(), owned, 'promoteFull');
      expect(result.ok && result.plan.step).toEqual({
        from: 2,
        to: 5,
        count: 4,
      });
    });

    it('refuses a rollout whose stable revision is the desired one', () => {
      const healthy = pausedCanary({
        status: {
          phase: 'Healthy',
          stableRS: 'canary2',
          pauseConditions: [],
        },
      });
      expect(reasonOf(planAction(healthy, owned, 'promoteFull'))).toBe(
        'Rollout checkout/cart-api is already fully promoted: revision 2 is stable.',
      );
    });
  });

  describe('abort and retry', () => {
    it('aborts through status.abort and retries by clearing it', () => {
      expect(patchOf(planAction(pausedCanary(), owned, 'abort'))).toEqual({
        type: 'merge',
        status: { status: { abort: true } },
        unified: { status: { abort: true } },
      });
      const aborted = pausedCanary({
        status: { abort: true, pauseConditions: [], phase: 'Degraded' },
      });
      expect(patchOf(planAction(aborted, owned, 'retry'))).toEqual({
        type: 'merge',
        status: { status: { abort: false } },
        unified: { status: { abort: false } },
      });
    });

    it('refuses what the state does not allow', () => {
      const aborted = pausedCanary({
        status: { abort: true, pauseConditions: [] },
      });
      expect(reasonOf(planAction(aborted, owned, 'abort'))).toMatch(
        /already aborted/,
      );
      expect(reasonOf(planAction(aborted, owned, 'promote'))).toMatch(
        /is aborted; retry it/,
      );
      expect(reasonOf(planAction(aborted, owned, 'promoteFull'))).toMatch(
        /retry it before promoting/,
      );
      expect(reasonOf(planAction(pausedCanary(), owned, 'retry'))).toMatch(
        /is not aborted/,
      );
    });
  });

  describe('rollback', () => {
    it('replaces the template with the previous revision, without the hash label', () => {
      const patch = patchOf(planAction(pausedCanary(), owned, 'rollback'));
      expect(patch).toEqual({
        type: 'template',
        template: {
          metadata: { labels: { app: 'cart-api' } },
          spec: { containers: [{ name: 'app', image: 'cart-api:1.8.2' }] },
        },
      });
    });

    it('refuses the running revision and reports unknown ones as not found', () => {
      expect(reasonOf(planAction(pausedCanary(), owned, 'rollback', 2))).toBe(
        'Revision 2 is already the running revision of rollout checkout/cart-api.',
      );
      const unknown = planAction(pausedCanary(), owned, 'rollback', 7);
      expect(unknown).toEqual({
        ok: false,
        notFound: true,
        reason:
          'Rollout checkout/cart-api has no revision 7; revisions known to the cluster: 2, 1.',
      });
    });

    it('leaves rollouts with a workloadRef to their workload', () => {
      const rollout = pausedCanary({
        spec: { workloadRef: { kind: 'Deployment', name: 'cart-api' } },
      });
      expect(reasonOf(planAction(rollout, owned, 'rollback'))).toMatch(
        /takes its pod template from Deployment\/cart-api/,
      );
    });
  });

  it('refuses every action while the controller has not observed the spec', () => {
    const rollout = pausedCanary({ generation: 3 });
    for (const action of [
      'promote',
      'promoteFull',
      'abort',
      'retry',
      'rollback',
    ] as const) {
      expect(reasonOf(planAction(rollout, owned, action))).toBe(
        'The Argo Rollouts controller has not yet observed generation 3 of rollout checkout/cart-api (observed: 2); wait for it and try again.',
      );
    }
  });
});
