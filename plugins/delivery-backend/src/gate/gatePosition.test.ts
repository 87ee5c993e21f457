import { Rollout } from '../rollouts/kubernetesTypes';
import {
  crossesGate,
  gatePositionOf,
  isBeforeOrAtGate,
  isWaitingAtGate,
} from './gatePosition';
import { remainingSteps } from './checks/quickToImplementCheck';
import { GateContext } from './GateCheck';

/** The golden path's production steps: canary (0-2), decision (3), cut-over. */
const PRODUCTION_STEPS = [
  { setCanaryScale: { replicas: 1 } },
  { setWeight: 5 },
  { pause: { duration: '5m' } },
  { pause: {} },
  { setCanaryScale: { matchTrafficWeight: true } },
  { setWeight: 25 },
  { pause: { duration: '10m' } },
  { setWeight: 50 },
  { pause: { duration: '2h' } },
];

function rolloutAt(stepIndex: number, paused: boolean): Rollout {
  return {
    metadata: { name: 'payments', namespace: 'payments' },
    spec: { strategy: { canary: { steps: PRODUCTION_STEPS } } },
    status: {
      stableRS: 'v1',
      currentPodHash: 'v2',
      currentStepIndex: stepIndex,
      ...(paused ? { pauseConditions: [{ reason: 'CanaryPauseStep' }] } : {}),
    },
  } as Rollout;
}

describe('the gate in the golden path', () => {
  it('sits right after the canary phase, not at its timed judgement', () => {
    expect(gatePositionOf(rolloutAt(0, false))).toEqual({
      strategy: 'canary',
      stepIndex: 3,
    });
  });

  it('holds the release at the decision, and only there', () => {
    const gate = gatePositionOf(rolloutAt(0, false))!;
    // Judging the canary: before the gate, not waiting at it.
    expect(isBeforeOrAtGate(rolloutAt(2, true), gate)).toBe(true);
    expect(isWaitingAtGate(rolloutAt(2, true), gate)).toBe(false);
    // Skipping the rest of the judgement only reaches the decision.
    expect(crossesGate(rolloutAt(2, true), gate, 'promote')).toBe(false);
    expect(isWaitingAtGate(rolloutAt(3, true), gate)).toBe(true);
    expect(crossesGate(rolloutAt(3, true), gate, 'promote')).toBe(true);
    expect(crossesGate(rolloutAt(1, false), gate, 'promoteFull')).toBe(true);
    // In the cut-over the gate is behind.
    expect(crossesGate(rolloutAt(6, true), gate, 'promote')).toBe(false);
  });

  it('counts what the cut-over after the decision takes', () => {
    const remaining = remainingSteps({
      rollout: rolloutAt(3, true),
      gateStepIndex: 3,
    } as GateContext);
    expect(remaining).toEqual({
      durationMs: (10 + 120) * 60_000,
      waitsForPeople: 0,
      analyses: 0,
      unreadable: [],
      count: 5,
    });
  });
});
