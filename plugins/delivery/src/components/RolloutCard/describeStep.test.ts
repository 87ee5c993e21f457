import {
  currentStepNumber,
  describeStep,
  failedStepIndex,
} from './describeStep';

const run = (phase: string, stepIndex?: number, revision = 5) =>
  ({ name: `run-${phase}`, phase, stepIndex, revision, metrics: [] } as any);

describe('failedStepIndex', () => {
  it('names the step whose analysis failed, not the step Argo reset to on abort', () => {
    expect(
      failedStepIndex({
        aborted: true,
        canaryRevision: { revision: 5 } as any,
        analysisRuns: [run('Failed', 2), run('Successful', 0)],
      }),
    ).toBe(2);
  });

  it('ignores runs of other revisions and rollouts that were not aborted', () => {
    expect(
      failedStepIndex({
        aborted: true,
        canaryRevision: { revision: 6 } as any,
        analysisRuns: [run('Failed', 2, 5)],
      }),
    ).toBeUndefined();
    expect(
      failedStepIndex({
        aborted: false,
        analysisRuns: [run('Failed', 2)],
      }),
    ).toBeUndefined();
  });

  it('counts steps from 1', () => {
    expect(currentStepNumber(2, 5)).toBe(3);
    expect(currentStepNumber(undefined, 5)).toBe(5);
  });
});

describe('describeStep', () => {
  it('says how many pods a canary scale step gives the canary', () => {
    expect(describeStep({ type: 'setCanaryScale', replicas: 1 })).toBe(
      'Canary scale 1 pod',
    );
    expect(describeStep({ type: 'setCanaryScale', replicas: 3 })).toBe(
      'Canary scale 3 pods',
    );
    expect(describeStep({ type: 'setCanaryScale', weight: 20 })).toBe(
      'Canary scale 20% of replicas',
    );
    expect(
      describeStep({ type: 'setCanaryScale', matchTrafficWeight: true }),
    ).toBe('Canary scale follows weight');
  });
});
