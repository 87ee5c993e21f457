import { canaryStepsOf } from '../../rollouts/rolloutState';
import { GateCheck, GateCheckResult, GateContext } from '../GateCheck';
import { parseDurationMs } from '../gateLimits';

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)}s`;
  if (minutes < 120) return `${minutes}m`;
  const hours = minutes / 60;
  return hours < 48
    ? `${Math.round(hours * 10) / 10}h`
    : `${Math.round((hours / 24) * 10) / 10}d`;
}

/** The timed pauses, people's pauses and analyses after the gate. */
export function remainingSteps(ctx: GateContext) {
  let durationMs = 0;
  let waitsForPeople = 0;
  let analyses = 0;
  let unreadable: string[] = [];
  const steps = canaryStepsOf(ctx.rollout);
  const from =
    ctx.gateStepIndex === undefined ? steps.length : ctx.gateStepIndex + 1;
  for (const step of steps.slice(from)) {
    if (step.pause) {
      if (step.pause.duration === undefined) {
        waitsForPeople++;
      } else {
        const ms = parseDurationMs(step.pause.duration);
        if (ms === undefined)
          unreadable = [...unreadable, String(step.pause.duration)];
        else durationMs += ms;
      }
    }
    if (step.analysis) analyses++;
  }
  return {
    durationMs,
    waitsForPeople,
    analyses,
    unreadable,
    count: steps.length - from,
  };
}

/**
 * *Can be implemented quickly*: what remains after the gate can run in the
 * time the service allows, and a previous revision exists to roll back to.
 */
export function quickToImplementCheck(): GateCheck {
  return {
    id: 'quick-to-implement',
    title: 'Can be implemented quickly',
    async evaluate(ctx: GateContext): Promise<GateCheckResult> {
      const remaining = remainingSteps(ctx);
      const limit = ctx.limits.maxRemainingDurationMs;
      const problems: string[] = [];
      const evidence = [
        `${remaining.count} steps after the gate: ${formatDuration(
          remaining.durationMs,
        )} of timed pauses, ${remaining.analyses} analyses, ${
          remaining.waitsForPeople
        } pauses waiting for a person`,
        `limit: ${formatDuration(limit)}`,
      ];
      if (remaining.unreadable.length > 0) {
        problems.push(
          `unreadable pause durations ${remaining.unreadable.join(', ')}`,
        );
      }
      if (remaining.durationMs > limit) {
        problems.push(
          `the remaining pauses take ${formatDuration(
            remaining.durationMs,
          )}, more than ${formatDuration(limit)}`,
        );
      }
      const running = ctx.running;
      if (
        running &&
        running.podTemplateHash !== ctx.candidate.podTemplateHash
      ) {
        evidence.push(
          `rollback target: revision ${
            running.revision ?? '?'
          } (${running.images.join(', ')})`,
        );
      } else {
        problems.push(
          `no previous revision runs in ${ctx.environment} to roll back to`,
        );
      }
      return {
        state: problems.length === 0 ? 'open' : 'closed',
        summary:
          problems.length === 0
            ? `About ${formatDuration(
                remaining.durationMs,
              )} to complete; rollback to revision ${
                running!.revision ?? '?'
              } is possible`
            : problems.join('; '),
        evidence,
      };
    },
  };
}
