import { ReleaseRecord } from '@internal/plugin-delivery-common';
import { releaseActionText } from './releaseActionText';

const record = (overrides: Partial<ReleaseRecord>): ReleaseRecord => ({
  id: '1',
  entityRef: 'component:default/orders-api',
  cluster: 'production',
  namespace: 'checkout',
  rollout: 'orders-api',
  action: 'promote',
  actor: 'user:default/guest',
  outcome: 'succeeded',
  createdAt: '2026-11-30T04:00:00Z',
  ...overrides,
});

describe('releaseActionText', () => {
  it('says which step each promotion led to', () => {
    expect(
      releaseActionText(
        record({
          step: {
            from: 2,
            to: 3,
            count: 4,
            target: { type: 'setWeight', weight: 40 },
          },
        }),
      ),
    ).toBe('Promote: step 2 → 3, Set weight 40%');
    expect(
      releaseActionText(
        record({
          step: {
            from: 4,
            to: 5,
            count: 4,
          },
        }),
      ),
    ).toBe('Promote: step 4 → done, fully promoted');
    expect(
      releaseActionText(
        record({
          step: {
            from: 3,
            to: 3,
            count: 4,
            target: { type: 'pause', duration: '45s' },
          },
        }),
      ),
    ).toBe('Promote: resumed at step 3, Pause 45s');
  });

  it('says where a full promotion started, and names other actions plainly', () => {
    expect(
      releaseActionText(
        record({ action: 'promoteFull', step: { from: 2, to: 5, count: 4 } }),
      ),
    ).toBe('Promote fully: from step 2 of 4, skipping the rest');
    expect(releaseActionText(record({ action: 'rollback' }))).toBe('Roll back');
    // Rows written before steps were recorded.
    expect(releaseActionText(record({}))).toBe('Promote');
  });
});
