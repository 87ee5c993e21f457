import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { PipelineStatusValue } from '@internal/plugin-delivery-common';

const LABELS: Record<PipelineStatusValue, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  errored: 'Errored',
  cancelled: 'Cancelled',
  unknown: 'No outcome reported',
};

/** A run's or stage's status; `unknown` is a warning, never a pass. */
export const RunStatus = ({ status }: { status: PipelineStatusValue }) => {
  const label = LABELS[status];
  switch (status) {
    case 'succeeded':
      return <StatusOK>{label}</StatusOK>;
    case 'failed':
    case 'errored':
      return <StatusError>{label}</StatusError>;
    case 'running':
      return <StatusRunning>{label}</StatusRunning>;
    case 'queued':
      return <StatusPending>{label}</StatusPending>;
    case 'cancelled':
      return <StatusAborted>{label}</StatusAborted>;
    default:
      return <StatusWarning>{label}</StatusWarning>;
  }
};
