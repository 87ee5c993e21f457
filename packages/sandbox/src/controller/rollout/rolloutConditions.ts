import { clone } from '../../k8s/types';
import { currentCanaryStep } from './canarySteps';
import {
  getCondition,
  newCondition,
  removeCondition,
  rolloutCompleted,
  rolloutHealthy,
  rolloutProgressing,
  setCondition,
} from './conditions';
import {
  CONDITION_AVAILABLE,
  CONDITION_COMPLETED,
  CONDITION_HEALTHY,
  CONDITION_PAUSED,
  CONDITION_PROGRESSING,
  DEFAULT_PROGRESS_DEADLINE_SECONDS,
  Messages,
  Reasons,
} from './constants';
import { RolloutContext } from './context';
import { calculateRolloutPhase } from './phase';
import {
  getReplicaSetByHash,
  isSaturated,
  revisionOf,
  rolloutReplicas,
  sumAvailable,
} from './replicaSets';
import { patchStatus } from './statusPatch';

/** Rollout conditions, as rollout/sync.go calculates and checks them. */

export function isIndefiniteStep(ctx: RolloutContext): boolean {
  const [step] = currentCanaryStep(ctx.rollout);
  if (step && (step.experiment || step.analysis || step.pause)) return true;
  return getCondition(ctx.rollout.status, CONDITION_PAUSED)?.status === 'True';
}

function timedOut(ctx: RolloutContext, s: any): boolean {
  const cond = getCondition(s, CONDITION_PROGRESSING);
  if (
    !cond ||
    cond.reason === Reasons.RolloutAborted ||
    cond.reason === Reasons.RolloutPaused
  )
    return false;
  if (cond.reason === Reasons.TimedOut) return true;
  const deadline =
    ctx.rollout.spec.progressDeadlineSeconds ??
    DEFAULT_PROGRESS_DEADLINE_SECONDS;
  return ctx.deps.clock.elapsed(Date.parse(cond.lastUpdateTime), deadline);
}

export function calculateRolloutConditions(ctx: RolloutContext, s: any): void {
  const now = ctx.now();
  const isPaused =
    (s.pauseConditions ?? []).length > 0 || !!ctx.rollout.spec.paused;
  const isAborted = ctx.pause.isAborted();
  let becameUnhealthy = false;
  if (!isPaused && rolloutHealthy(ctx.rollout, s)) {
    setCondition(
      s,
      newCondition(
        CONDITION_HEALTHY,
        'True',
        Reasons.RolloutHealthy,
        Messages.RolloutHealthy,
        now,
      ),
    );
  } else if (getCondition(ctx.rollout.status, CONDITION_HEALTHY)) {
    becameUnhealthy = setCondition(
      s,
      newCondition(
        CONDITION_HEALTHY,
        'False',
        Reasons.RolloutHealthy,
        Messages.RolloutNotHealthy,
        now,
      ),
    );
  }
  if (isAborted) {
    let message = Messages.aborted(revisionOf(ctx.rollout));
    if (ctx.pause.abortMessage)
      message = `${message}: ${ctx.pause.abortMessage}`;
    if (
      setCondition(
        s,
        newCondition(
          CONDITION_PROGRESSING,
          'False',
          Reasons.RolloutAborted,
          message,
          now,
        ),
      )
    ) {
      ctx.event('Warning', Reasons.RolloutAborted, message);
    }
  }
  const current = getCondition(ctx.rollout.status, CONDITION_PROGRESSING);
  if (!isAborted) {
    const rsName = ctx.newRS?.metadata.name ?? '';
    if (rolloutHealthy(ctx.rollout, s)) {
      setCondition(
        s,
        newCondition(
          CONDITION_PROGRESSING,
          'True',
          Reasons.NewRSAvailable,
          Messages.rsCompleted(rsName),
          now,
        ),
      );
    } else if (rolloutProgressing(ctx.rollout, s) || becameUnhealthy) {
      const fullyPromotedUnhealthy =
        s.stableRS === s.currentPodHash && becameUnhealthy;
      const reason = fullyPromotedUnhealthy
        ? Reasons.ReplicaSetNotAvailable
        : Reasons.ReplicaSetUpdated;
      let message = ctx.newRS
        ? Messages.rsProgressing(rsName)
        : Messages.rolloutProgressing(ctx.rollout.metadata.name!);
      if (fullyPromotedUnhealthy) message = Messages.notAvailable;
      const cond = newCondition(
        CONDITION_PROGRESSING,
        'True',
        reason,
        message,
        now,
      );
      if (current?.status === 'True')
        cond.lastTransitionTime = current.lastTransitionTime;
      removeCondition(s, CONDITION_PROGRESSING);
      setCondition(s, cond);
    } else if (!isIndefiniteStep(ctx) && timedOut(ctx, s)) {
      setCondition(
        s,
        newCondition(
          CONDITION_PROGRESSING,
          'False',
          Reasons.TimedOut,
          Messages.rsTimedOut(rsName),
          now,
        ),
      );
    }
  }
  const activeRS = getReplicaSetByHash(ctx.allRSs, s.blueGreen?.activeSelector);
  const available =
    (ctx.rollout.spec.strategy.blueGreen &&
      activeRS &&
      isSaturated(ctx.rollout, activeRS)) ||
    (ctx.rollout.spec.strategy.canary &&
      sumAvailable(ctx.allRSs) >= rolloutReplicas(ctx.rollout));
  setCondition(
    s,
    available
      ? newCondition(
          CONDITION_AVAILABLE,
          'True',
          Reasons.Available,
          Messages.Available,
          now,
        )
      : newCondition(
          CONDITION_AVAILABLE,
          'False',
          Reasons.Available,
          Messages.NotAvailable,
          now,
        ),
  );
  if (rolloutCompleted(s)) {
    setCondition(
      s,
      newCondition(
        CONDITION_COMPLETED,
        'True',
        Reasons.RolloutCompleted,
        Reasons.RolloutCompleted,
        now,
      ),
    );
  } else if (
    setCondition(
      s,
      newCondition(
        CONDITION_COMPLETED,
        'False',
        Reasons.RolloutCompleted,
        Reasons.RolloutCompleted,
        now,
      ),
    )
  ) {
    ctx.event(
      'Normal',
      Reasons.RolloutNotCompleted,
      Messages.notCompleted(revisionOf(ctx.rollout), s.currentPodHash),
    );
  }
}

/** checkPausedConditions: returns true when it wrote the rollout (the reconcile then stops). */
export function checkPausedConditions(ctx: RolloutContext): boolean {
  const r = ctx.rollout;
  if (String(r.metadata.generation) !== r.status?.observedGeneration)
    return false;
  const now = ctx.now();
  const progressing = getCondition(r.status, CONDITION_PROGRESSING);
  const progPaused = progressing?.reason === Reasons.RolloutPaused;
  const isPaused =
    (r.status?.pauseConditions ?? []).length > 0 || !!r.spec.paused;
  const abortCond = progressing?.reason === Reasons.RolloutAborted;
  const updates = [];
  if (isPaused !== progPaused && !abortCond && !rolloutCompleted(r.status)) {
    updates.push(
      isPaused
        ? newCondition(
            CONDITION_PROGRESSING,
            'Unknown',
            Reasons.RolloutPaused,
            Messages.RolloutPaused,
            now,
          )
        : newCondition(
            CONDITION_PROGRESSING,
            'Unknown',
            Reasons.RolloutResumed,
            Messages.RolloutResumed,
            now,
          ),
    );
  }
  if (!r.status?.abort && abortCond) {
    updates.push(
      newCondition(
        CONDITION_PROGRESSING,
        'Unknown',
        Reasons.RolloutRetry,
        Messages.RolloutRetry,
        now,
      ),
    );
  }
  const pausedTrue =
    getCondition(r.status, CONDITION_PAUSED)?.status === 'True';
  if (isPaused !== pausedTrue && !abortCond) {
    updates.push(
      newCondition(
        CONDITION_PAUSED,
        isPaused ? 'True' : 'False',
        Reasons.RolloutPaused,
        Messages.RolloutPaused,
        now,
      ),
    );
  }
  if (!updates.length) return false;
  const status = clone(r.status ?? {});
  for (const cond of updates) setCondition(status, cond);
  status.observedGeneration = String(r.metadata.generation);
  const { phase, message } = calculateRolloutPhase(r.spec, status);
  status.phase = phase;
  status.message = message || undefined;
  return patchStatus(ctx, status);
}
