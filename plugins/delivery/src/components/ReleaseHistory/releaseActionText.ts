import { ReleaseRecord } from '@internal/plugin-delivery-common';
import { ACTION_LABELS } from '../ActionButtons/actionText';
import { describeStep } from '../RolloutCard/describeStep';

/**
 * The action of a history row, with the canary steps a promotion moved
 * across, so that the promotions of one release read apart:
 * "Promote: step 2 → 3, Set weight 40%".
 */
export function releaseActionText(record: ReleaseRecord): string {
  const label = ACTION_LABELS[record.action] ?? record.action;
  const step = record.step;
  if (!step) {
    return label;
  }
  if (record.action === 'promoteFull') {
    return `${label}: from step ${step.from} of ${step.count}, skipping the rest`;
  }
  if (step.to > step.count) {
    return `${label}: step ${step.from} → done, fully promoted`;
  }
  const target = step.target ? `, ${describeStep(step.target)}` : '';
  if (step.to === step.from) {
    return `${label}: resumed at step ${step.from}${target}`;
  }
  return `${label}: step ${step.from} → ${step.to}${target}`;
}
