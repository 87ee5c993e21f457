import { averageRanks, mannWhitneyTest } from './mannWhitney';
import {
  R_WILCOX,
  depressionX,
  depressionY,
  slowerCanary,
  slowerStable,
  spreadCanary,
  spreadStable,
} from './__fixtures__/referenceSamples';

// R's uniroot stops within 1e-4 of the crossing; ours lands on it.
const ROOT_TOLERANCE = 1e-4;

describe('mannWhitneyTest against R wilcox.test (exact = FALSE, correct = TRUE, 98 %)', () => {
  it.each([
    ['depression', depressionX, depressionY, R_WILCOX.depression],
    ['slower canary with ties', slowerCanary, slowerStable, R_WILCOX.slower],
  ] as const)('%s', (_name, x, y, r) => {
    const result = mannWhitneyTest(x, y, 0.98);
    expect(result.statistic).toBe(r.W);
    expect(result.pValue).toBeCloseTo(r.p, 12);
    expect(Math.abs(result.estimate - r.estimate)).toBeLessThan(ROOT_TOLERANCE);
    expect(Math.abs(result.confidenceInterval[0] - r.ci[0])).toBeLessThan(
      ROOT_TOLERANCE,
    );
    expect(Math.abs(result.confidenceInterval[1] - r.ci[1])).toBeLessThan(
      ROOT_TOLERANCE,
    );
  });

  it('sees no location shift when only the spread changed', () => {
    const result = mannWhitneyTest(spreadCanary, spreadStable, 0.98);
    expect(result.pValue).toBe(R_WILCOX.spreadLocation.p);
    expect(result.estimate).toBe(0);
    expect(
      Math.abs(result.confidenceInterval[0] - R_WILCOX.spreadLocation.ci[0]),
    ).toBeLessThan(ROOT_TOLERANCE);
    expect(
      Math.abs(result.confidenceInterval[1] - R_WILCOX.spreadLocation.ci[1]),
    ).toBeLessThan(ROOT_TOLERANCE);
  });

  it('averages tied ranks', () => {
    expect(averageRanks([3, 1, 3, 2])).toEqual([3.5, 1, 3.5, 2]);
  });

  it('refuses empty samples', () => {
    expect(() => mannWhitneyTest([], [1], 0.98)).toThrow(/at least one value/);
  });
});
