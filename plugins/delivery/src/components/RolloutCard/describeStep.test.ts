import { currentStepNumber, failedStepIndex } from './describeStep';

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
