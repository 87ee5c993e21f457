import {
  DeliveryAction,
  RolloutSummary,
} from '@internal/plugin-delivery-common';
import { rollbackSkipsSteps } from '../RolloutCard/rollbackTarget';

/** Button labels, as the Argo Rollouts CLI names the commands. */
export const ACTION_LABELS: Record<DeliveryAction, string> = {
  promote: 'Promote',
  promoteFull: 'Promote fully',
  abort: 'Abort',
  retry: 'Retry',
  rollback: 'Roll back',
};

/** What confirming an action will do to this rollout. */
export function describeAction(
  action: DeliveryAction,
  rollout: RolloutSummary,
  rollbackRevision?: number,
): string {
  const target = rollout.canaryRevision?.revision;
  const stable = rollout.stableRevision?.revision;
  switch (action) {
    case 'promote':
      return rollout.strategy === 'blueGreen'
        ? `Switches the active service to revision ${target ?? 'under test'}.`
        : 'Resumes the rollout: it moves on to the next step.';
    case 'promoteFull':
      return `Skips the remaining steps and analysis and sends all traffic to revision ${
        target ?? 'under test'
      }.`;
    case 'abort':
      return `Stops the update and sends all traffic back to the stable revision${
        stable !== undefined ? ` ${stable}` : ''
      }.`;
    case 'retry':
      return `Starts the aborted update to revision ${
        target ?? 'under test'
      } again from the first step.`;
    case 'rollback':
      return rollbackSkipsSteps(rollout, rollbackRevision)
        ? `Goes back to revision ${rollbackRevision}, the stable revision still running: all traffic returns to it at once, without steps, and the rollout is Healthy.`
        : `Rolls out revision ${
            rollbackRevision ?? 'chosen'
          }'s pod template again as a new revision, through the same steps.`;
    default:
      return '';
  }
}
