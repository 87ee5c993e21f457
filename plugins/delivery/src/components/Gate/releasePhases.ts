import { RolloutStep } from '@internal/plugin-delivery-common';

/** The three phases of a release as the practice names them. */
export type ReleasePhase = 'canary' | 'decision' | 'cut-over';

/** How the Delivery tab names each phase. */
export const RELEASE_PHASE_LABELS: Record<ReleasePhase, string> = {
  canary: 'Canary',
  decision: "Release manager's decision",
  'cut-over': 'Cut-over',
};

/**
 * Names each canary step by its phase: the steps up to the first pause
 * without a duration are the canary, that pause is the release manager's
 * decision, and what follows is the cut-over. Without such a pause (an
 * environment without a gate), the steps up to the first timed pause are
 * the canary and the rest the cut-over.
 */
export function releasePhases(steps: RolloutStep[]): ReleasePhase[] {
  const decision = steps.findIndex(s => s.type === 'pause' && !s.duration);
  if (decision >= 0) {
    return steps.map((_, i) => {
      if (i < decision) return 'canary';
      return i === decision ? 'decision' : 'cut-over';
    });
  }
  const firstPause = steps.findIndex(s => s.type === 'pause');
  return steps.map((_, i) =>
    firstPause < 0 || i <= firstPause ? 'canary' : 'cut-over',
  );
}

/** The phase a rollout is in at a step index (past the end: cut-over done). */
export function phaseAt(steps: RolloutStep[], index?: number): ReleasePhase {
  const phases = releasePhases(steps);
  if (index === undefined || index >= phases.length) return 'cut-over';
  return phases[index];
}
