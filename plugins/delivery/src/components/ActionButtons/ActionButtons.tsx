import { useState } from 'react';
import { Box, Button, Tooltip, Typography } from '@material-ui/core';
import {
  ActionAvailability,
  ActionResponse,
  DELIVERY_ACTIONS,
  DeliveryAction,
  RolloutSummary,
} from '@internal/plugin-delivery-common';
import { RolloutRef } from '../../api/DeliveryApi';
import { ActionDialog } from './ActionDialog';
import { ACTION_LABELS } from './actionText';

/**
 * Whether the caller may take the action now, and why not: the backend
 * decides (permission policy, rollout ownership, state, release gate) and
 * says so in the rollouts it returns; the page only shows it.
 */
function availabilityOf(
  action: DeliveryAction,
  rollout: RolloutSummary,
): ActionAvailability {
  return (
    rollout.actions?.find(entry => entry.action === action) ?? {
      action,
      allowed: false,
      reason: 'Reload the page to see whether you may take this action.',
    }
  );
}

const ActionButton = ({
  availability,
  onClick,
}: {
  availability: ActionAvailability;
  onClick: () => void;
}) => {
  const { action, allowed, reason } = availability;
  const button = (
    <Button
      variant={action === 'promote' ? 'contained' : 'outlined'}
      // A disabled Abort is grey like the others, not red.
      color={action === 'abort' && allowed ? 'secondary' : 'primary'}
      size="small"
      disabled={!allowed}
      onClick={onClick}
    >
      {ACTION_LABELS[action]}
    </Button>
  );
  if (allowed || !reason) {
    return button;
  }
  return (
    <Box display="flex" flexDirection="column" maxWidth={240}>
      <Tooltip title={reason}>
        {/* A disabled button fires no events; the span carries the tooltip. */}
        <span
          aria-label={`${ACTION_LABELS[action]}: ${reason}`}
          style={{ cursor: 'not-allowed', alignSelf: 'flex-start' }}
        >
          {button}
        </span>
      </Tooltip>
      {/* The reason in plain sight, not only on hover. */}
      <Typography variant="caption" color="textSecondary">
        {reason}
      </Typography>
    </Box>
  );
};

/** The actions on one rollout; unavailable ones are disabled with a reason. */
export const ActionButtons = ({
  rollout,
  rolloutRef,
  onDone,
}: {
  rollout: RolloutSummary;
  rolloutRef: RolloutRef;
  /** The entity acted through; the backend's answer already accounts for it. */
  entityRef?: string;
  onDone: (response: ActionResponse) => void;
}) => {
  const [open, setOpen] = useState<DeliveryAction>();
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      style={{ gap: 8 }}
    >
      {DELIVERY_ACTIONS.map(action => (
        <ActionButton
          key={action}
          availability={availabilityOf(action, rollout)}
          onClick={() => setOpen(action)}
        />
      ))}
      {open && (
        <ActionDialog
          action={open}
          rollout={rollout}
          rolloutRef={rolloutRef}
          onClose={() => setOpen(undefined)}
          onDone={response => {
            setOpen(undefined);
            onDone(response);
          }}
        />
      )}
    </Box>
  );
};
