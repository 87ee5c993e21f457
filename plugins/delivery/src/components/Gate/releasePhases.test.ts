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

  it("names the golden path's shape: one canary pod at 5 %, judged, the decision, the cut-over", () => {
    const goldenPath: RolloutStep[] = [
      { type: 'setCanaryScale', replicas: 1 },
      { type: 'setWeight', weight: 5 },
      { type: 'pause', duration: '5m' },
      { type: 'pause' },
      { type: 'setCanaryScale', matchTrafficWeight: true },
      { type: 'setWeight', weight: 25 },
      { type: 'pause', duration: '1h' },
    ];
    expect(releasePhases(goldenPath)).toEqual([
      'canary',
      'canary',
      'canary',
      'decision',
      'cut-over',
      'cut-over',
      'cut-over',
    ]);
    // Staging has no decision: the judged canary, then the cut-over.
    expect(
      releasePhases(
        goldenPath.filter(s => !(s.type === 'pause' && !s.duration)),
      ),
    ).toEqual([
      'canary',
      'canary',
      'canary',
      'cut-over',
      'cut-over',
      'cut-over',
    ]);
  });
});
