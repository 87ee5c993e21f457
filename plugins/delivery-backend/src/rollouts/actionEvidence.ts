import { DeliveryAction } from '@internal/plugin-delivery-common';
import { Rollout } from './kubernetesTypes';
import { isFullyPromoted, isStatusObserved } from './rolloutState';

/**
 * What a Rollout looked like, in the fields an action changes, when the
 * action was decided on: kept with the action before its patch is sent, so
 * that whether the patch was applied can be read off the Rollout later, when
 * the cluster's answer was lost or the instance sending it stopped.
 */
export interface ActionEvidence {
  action: DeliveryAction;
  uid?: string;
  /** The resourceVersion every patch of the action is guarded by. */
  resourceVersion?: string;
  generation?: number;
  stepIndex?: number;
  /** `startTime` of the pause the Rollout was held in. */
  pauseStarted?: string;
  specPaused: boolean;
  abort: boolean;
  stableRS?: string;
  currentPodHash?: string;
  /** `rollback`: the pod-template-hash of the revision rolled back to. */
  targetPodHash?: string;
}

export function evidenceOf(
  rollout: Rollout,
  action: DeliveryAction,
  targetPodHash?: string,
): ActionEvidence {
  const status = rollout.status ?? {};
  return {
    action,
    uid: rollout.metadata.uid,
    resourceVersion: rollout.metadata.resourceVersion,
    generation: rollout.metadata.generation,
    stepIndex: status.currentStepIndex,
    pauseStarted: status.pauseConditions?.[0]?.startTime,
    specPaused: Boolean(rollout.spec?.paused),
    abort: Boolean(status.abort),
    stableRS: status.stableRS,
    currentPodHash: status.currentPodHash,
    targetPodHash,
  };
}

/**
 * Whether the Rollout shows the action applied: `unknown` when it never
 * will, undefined when it may once the controller has caught up.
 */
export type ActionVerdict =
  | { applied: boolean | 'unknown'; why: string }
  | undefined;

function statusVerdict(before: ActionEvidence, now: Rollout): ActionVerdict {
  const status = now.status ?? {};
  switch (before.action) {
    case 'abort':
      // Argo also aborts by itself when an analysis fails; the claim keeps
      // other portal actions out, so that is the one case taken for ours.
      return status.abort
        ? { applied: true, why: 'the rollout is aborted' }
        : { applied: false, why: 'the rollout is not aborted' };
    case 'retry':
      return status.abort
        ? { applied: false, why: 'the rollout is still aborted' }
        : { applied: true, why: 'the rollout is no longer aborted' };
    case 'promoteFull':
      return status.promoteFull || isFullyPromoted(now)
        ? { applied: true, why: 'the rollout is being fully promoted' }
        : { applied: false, why: 'the rollout is not being fully promoted' };
    case 'promote': {
      const advanced =
        (status.currentStepIndex ?? 0) > (before.stepIndex ?? 0) ||
        status.stableRS !== before.stableRS ||
        status.pauseConditions?.[0]?.startTime !== before.pauseStarted;
      if (before.specPaused) {
        if (!now.spec?.paused) {
          return { applied: true, why: 'the rollout is no longer paused' };
        }
        if (advanced) {
          // As the driver reports a spec patch that failed after the
          // status one: changed, but still held.
          return {
            applied: false,
            why: "the pause was lifted but 'spec.paused' is still set, so only the status part was applied; promote again to unpause",
          };
        }
      }
      // A timed pause that ends by itself between the read and the write
      // looks the same; the patch is guarded by the resourceVersion, so it
      // could only have been applied as the first change after the read.
      return advanced
        ? { applied: true, why: 'the rollout moved on from the pause' }
        : { applied: false, why: 'the rollout is held in the same pause' };
    }
    default:
      return undefined;
  }
}

/**
 * Reads off a Rollout, read back after the answer to an action was lost,
 * whether the action was applied. Every patch is guarded by the
 * resourceVersion the action was decided on, so an unchanged resourceVersion
 * means nothing was applied, and once it moved on the patch can no longer
 * apply: what changed then tells whose change it was.
 */
export function judgeAction(
  before: ActionEvidence,
  now: Rollout,
): ActionVerdict {
  if (before.uid && now.metadata.uid !== before.uid) {
    return {
      applied: false,
      why: 'the rollout was deleted and created again, so the action did not reach the one that exists now',
    };
  }
  if (now.metadata.resourceVersion === before.resourceVersion) {
    return {
      applied: false,
      why: `the rollout is unchanged at resourceVersion ${before.resourceVersion}`,
    };
  }
  if (before.action === 'rollback') {
    if (now.status?.currentPodHash === before.targetPodHash) {
      return {
        applied: true,
        why: 'the rollout runs the template rolled back to',
      };
    }
    if (now.metadata.generation === before.generation) {
      return { applied: false, why: 'the rollout template is unchanged' };
    }
    // The template changed, but the controller has not said to what yet.
    if (!isStatusObserved(now)) {
      return undefined;
    }
    return {
      applied: false,
      why: 'the rollout template changed to another revision',
    };
  }
  if (now.status?.currentPodHash !== before.currentPodHash) {
    return {
      applied: 'unknown',
      why: 'a new revision arrived meanwhile, so the rollout no longer shows whose change it was',
    };
  }
  return statusVerdict(before, now);
}
