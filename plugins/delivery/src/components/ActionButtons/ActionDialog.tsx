import { useState } from 'react';
import { ResponseError } from '@backstage/errors';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  MenuItem,
  TextField,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  ActionResponse,
  DeliveryAction,
  RolloutSummary,
} from '@internal/plugin-delivery-common';
import { deliveryApiRef, RolloutRef } from '../../api/DeliveryApi';
import { ACTION_LABELS, describeAction } from './actionText';
import { errorMessage } from '../../api/errorMessage';
import { defaultRollbackTarget } from '../RolloutCard/rollbackTarget';

function newIdempotencyKey() {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Asks for confirmation and an optional reason, then performs the action.
 * One idempotency key per opened dialog: a double submit or a network retry
 * is answered with the first result instead of acting twice.
 */
export const ActionDialog = ({
  action,
  rollout,
  rolloutRef,
  onClose,
  onDone,
}: {
  action: DeliveryAction;
  rollout: RolloutSummary;
  rolloutRef: RolloutRef;
  onClose: () => void;
  onDone: (response: ActionResponse) => void;
}) => {
  const deliveryApi = useApi(deliveryApiRef);
  const alertApi = useApi(alertApiRef);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  // The state the person decided on. Promote moves one step further each
  // time it is applied, so it is only applied to the rollout as seen: if
  // someone else promoted meanwhile, the backend answers 409 instead of
  // skipping a second step. The other actions are safe to repeat and must
  // not fail just because a progressing rollout's status moved on.
  const [seenVersion, setSeenVersion] = useState(rollout.resourceVersion);
  const [reason, setReason] = useState('');
  const [revision, setRevision] = useState<number | undefined>(
    defaultRollbackTarget(rollout),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const label = ACTION_LABELS[action];

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const response = await deliveryApi.performAction({
        rollout: rolloutRef,
        idempotencyKey,
        request: {
          action,
          reason: reason.trim() || undefined,
          revision: action === 'rollback' ? revision : undefined,
          resourceVersion: action === 'promote' ? seenVersion : undefined,
        },
      });
      alertApi.post({
        message: `${label}: ${rollout.name} in ${rollout.cluster} done.`,
        severity: 'success',
        display: 'transient',
      });
      onDone(response);
    } catch (e) {
      setError(e as Error);
      if ((e as ResponseError).statusCode === 409) {
        // Confirming again acts on the state now on screen, as a new request.
        setSeenVersion(rollout.resourceVersion);
        setIdempotencyKey(newIdempotencyKey());
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {label} {rollout.name} in {rollout.cluster}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {describeAction(action, rollout, revision)}
        </DialogContentText>
        {action === 'rollback' && (
          <TextField
            select
            fullWidth
            margin="normal"
            id="delivery-rollback-revision"
            label="Revision to roll back to"
            value={revision ?? ''}
            onChange={e => setRevision(Number(e.target.value))}
          >
            {rollout.rollbackTargets.map(r => {
              const info = rollout.revisions.find(x => x.revision === r);
              return (
                <MenuItem key={r} value={r}>
                  Revision {r}
                  {info?.images.length ? ` — ${info.images.join(', ')}` : ''}
                </MenuItem>
              );
            })}
          </TextField>
        )}
        <TextField
          fullWidth
          margin="normal"
          id="delivery-action-reason"
          label="Reason (optional)"
          helperText="Recorded in the release history"
          value={reason}
          inputProps={{ maxLength: 500 }}
          onChange={e => setReason(e.target.value)}
        />
        {busy && <Progress />}
        {error && (
          <Alert severity="error" role="alert">
            {errorMessage(error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color={
            action === 'abort' || action === 'rollback'
              ? 'secondary'
              : 'primary'
          }
          variant="contained"
          onClick={submit}
          disabled={busy || (action === 'rollback' && revision === undefined)}
        >
          {label}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
