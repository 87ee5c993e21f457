import { useState } from 'react';
import useInterval from 'react-use/esm/useInterval';
import { Typography } from '@material-ui/core';
import { RolloutSummary } from '@internal/plugin-delivery-common';
import { parseGoDuration } from './goDuration';

type PausedRollout = Pick<
  RolloutSummary,
  'pauseConditions' | 'steps' | 'currentStepIndex'
>;

/**
 * When a timed canary pause ends: Argo Rollouts resumes once the
 * `CanaryPauseStep` condition's `startTime` plus the current step's
 * `pause.duration` has passed. Undefined for a pause that waits for a person.
 */
export function timedPauseEnd(rollout: PausedRollout): number | undefined {
  const step =
    rollout.currentStepIndex === undefined
      ? undefined
      : rollout.steps[rollout.currentStepIndex];
  if (step?.type !== 'pause' || step.duration === undefined) return undefined;
  const condition = rollout.pauseConditions.find(
    c => c.reason === 'CanaryPauseStep' && c.startTime,
  );
  const duration = parseGoDuration(step.duration);
  const start = condition?.startTime ? Date.parse(condition.startTime) : NaN;
  if (duration === undefined || Number.isNaN(start)) return undefined;
  return start + duration;
}

export function formatRemaining(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min ${s} s`;
  return `${s} s`;
}

const Countdown = ({ until }: { until: number }) => {
  const [now, setNow] = useState(Date.now);
  const left = until - now;
  useInterval(() => setNow(Date.now()), left > 0 ? 1000 : null);
  return (
    <span role="timer" aria-live="off">
      {left > 0
        ? ` · resumes by itself in ${formatRemaining(left)}`
        : ' · resuming now'}
    </span>
  );
};

/** Why a rollout is paused and, for a timed pause, when it goes on. */
export const PauseStatus = ({ rollout }: { rollout: PausedRollout }) => {
  if (!rollout.pauseConditions.length) return null;
  const end = timedPauseEnd(rollout);
  return (
    <Typography variant="body2" gutterBottom>
      Paused: {rollout.pauseConditions.map(p => p.reason).join(', ')}
      {end !== undefined && <Countdown until={end} />}
    </Typography>
  );
};
