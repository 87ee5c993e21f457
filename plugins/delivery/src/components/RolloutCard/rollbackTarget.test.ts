import { defaultRollbackTarget, rollbackSkipsSteps } from './rollbackTarget';

const revision = (n: number) => ({ revision: n } as any);

describe('rollback target', () => {
  it('offers the revision before the stable one, not the stable one itself', () => {
    const aborted = { rollbackTargets: [4, 3, 2], stableRevision: revision(4) };
    expect(defaultRollbackTarget(aborted)).toBe(3);
    expect(rollbackSkipsSteps(aborted, 4)).toBe(true);
    expect(rollbackSkipsSteps(aborted, 3)).toBe(false);
  });

  it('offers the stable revision when there is nothing older', () => {
    expect(
      defaultRollbackTarget({
        rollbackTargets: [1],
        stableRevision: revision(1),
      }),
    ).toBe(1);
    expect(
      defaultRollbackTarget({
        rollbackTargets: [],
        stableRevision: revision(1),
      }),
    ).toBeUndefined();
  });
});
