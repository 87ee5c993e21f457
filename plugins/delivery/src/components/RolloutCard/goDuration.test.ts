import { parseGoDuration } from './goDuration';

describe('parseGoDuration', () => {
  it('reads integers as seconds, as Argo Rollouts does', () => {
    expect(parseGoDuration('30')).toBe(30_000);
  });

  it("reads Go's duration strings", () => {
    expect(parseGoDuration('30s')).toBe(30_000);
    expect(parseGoDuration('1m')).toBe(60_000);
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('250ms')).toBe(250);
  });

  it('refuses what the controller would refuse', () => {
    expect(parseGoDuration('')).toBeUndefined();
    expect(parseGoDuration('10 minutes')).toBeUndefined();
    expect(parseGoDuration('1d')).toBeUndefined();
    expect(parseGoDuration('5m!')).toBeUndefined();
  });
});
