import {
  binomialUpperTail,
  logGamma,
  normalCdf,
  normalQuantile,
} from './distributions';
import { R_DISTRIBUTIONS } from './__fixtures__/referenceSamples';

describe('distributions against R', () => {
  it.each(R_DISTRIBUTIONS.pnorm)('pnorm(%d)', (z, expected) => {
    expect(normalCdf(z)).toBeCloseTo(expected, 14);
    expect(Math.abs(normalCdf(z) - expected) / expected).toBeLessThan(1e-12);
  });

  it.each(R_DISTRIBUTIONS.qnorm)('qnorm(%d)', (p, expected) => {
    expect(normalQuantile(p)).toBeCloseTo(expected, 10);
  });

  it('binomial upper tails equal R poisson.test p-values', () => {
    expect(binomialUpperTail(14, 17, 0.5)).toBeCloseTo(
      R_DISTRIBUTIONS.binomUpper_14_17_half,
      14,
    );
    expect(binomialUpperTail(12, 52, 0.1)).toBeCloseTo(
      R_DISTRIBUTIONS.binomUpper_12_52_tenth,
      14,
    );
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
  });

  it.each(R_DISTRIBUTIONS.lgamma)('lgamma(%d)', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 11);
  });
});
