import { RolloutStep } from '@internal/plugin-delivery-common';
import { phaseAt, releasePhases } from './releasePhases';

const gated: RolloutStep[] = [
  { type: 'setWeight', weight: 5 },
  { type: 'pause', duration: '10m' },
  { type: 'pause' },
  { type: 'setWeight', weight: 50 },
  { type: 'pause', duration: '1h' },
];

describe('releasePhases', () => {
  it('names the canary, the decision at the untimed pause, then the cut-over', () => {
    expect(releasePhases(gated)).toEqual([
      'canary',
      'canary',
      'decision',
      'cut-over',
      'cut-over',
    ]);
    expect(phaseAt(gated, 2)).toBe('decision');
    expect(phaseAt(gated, 5)).toBe('cut-over');
  });

  it('has no decision where the environment has no gate', () => {
    const staging = gated.filter(s => !(s.type === 'pause' && !s.duration));
    expect(releasePhases(staging)).toEqual([
      'canary',
      'canary',
      'cut-over',
      'cut-over',
    ]);
  });
});
