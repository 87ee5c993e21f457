import { useState } from 'react';
import { Box, Button, Tooltip, Typography } from '@material-ui/core';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ActionResponse,
  DELIVERY_ACTIONS,
  DeliveryAction,
  RolloutSummary,
  permissionForAction,
} from '@internal/plugin-delivery-common';
import { RolloutRef } from '../../api/DeliveryApi';
import { ActionDialog } from './ActionDialog';
import { ACTION_LABELS, ACTION_VERBS, whyUnavailable } from './actionText';

/** Whether the caller may take the action now, and why not. */
function useActionState(
  action: DeliveryAction,
  rollout: RolloutSummary,
  entityRef: string,
) {
  const { loading, allowed } = usePermission({
    permission: permissionForAction(action),
    resourceRef: entityRef,
  });
  const available = rollout.availableActions.includes(action);
  let reason = '';
  if (!loading && !allowed) {
    // Who may act is the permission policy's to say, not the page's.
    reason = `You may not ${ACTION_VERBS[action]} this service: the portal's permission policy does not grant it to you.`;
  } else if (!available) {
    reason = whyUnavailable(action, rollout);
  }
  return { enabled: !loading && allowed && available, reason };
}

const ActionButton = ({
  action,
  rollout,
  entityRef,
  onClick,
}: {
  action: DeliveryAction;
  rollout: RolloutSummary;
  entityRef: string;
  onClick: () => void;
}) => {
  const { enabled, reason } = useActionState(action, rollout, entityRef);
  const button = (
    <Button
      variant={action === 'promote' ? 'contained' : 'outlined'}
      // A disabled Abort is grey like the others, not red.
      color={action === 'abort' && enabled ? 'secondary' : 'primary'}
      size="small"
      disabled={!enabled}
      onClick={onClick}
    >
      {ACTION_LABELS[action]}
    </Button>
  );
  if (!reason) {
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
  entityRef,
  onDone,
}: {
  rollout: RolloutSummary;
  rolloutRef: RolloutRef;
  entityRef: string;
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
          action={action}
          rollout={rollout}
          entityRef={entityRef}
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
