import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { RolloutSummary } from '@internal/plugin-delivery-common';

/** The rollout's phase with the status colour Backstage uses elsewhere. */
export const PhaseStatus = ({
  rollout,
}: {
  rollout: Pick<RolloutSummary, 'phase' | 'aborted'>;
}) => {
  if (rollout.aborted) {
    return <StatusAborted>Aborted</StatusAborted>;
  }
  switch (rollout.phase) {
    case 'Healthy':
      return <StatusOK>Healthy</StatusOK>;
    case 'Progressing':
      return <StatusRunning>Progressing</StatusRunning>;
    case 'Paused':
      return <StatusWarning>Paused</StatusWarning>;
    case 'Degraded':
      return <StatusError>Degraded</StatusError>;
    default:
      return <StatusPending>Waiting for the controller</StatusPending>;
  }
};
