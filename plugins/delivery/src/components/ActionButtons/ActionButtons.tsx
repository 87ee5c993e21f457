import { useState } from 'react';
import { Box, Button, Tooltip } from '@material-ui/core';
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
import { ACTION_LABELS, whyUnavailable } from './actionText';

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
  const { loading, allowed } = usePermission({
    permission: permissionForAction(action),
    resourceRef: entityRef,
  });
  const available = rollout.availableActions.includes(action);
  let reason = '';
  if (!loading && !allowed) {
    reason = `You may not ${ACTION_LABELS[
      action
    ].toLowerCase()} this service: only its owners and release managers can.`;
  } else if (!available) {
    reason = whyUnavailable(action, rollout);
  }
  const button = (
    <Button
      variant={action === 'promote' ? 'contained' : 'outlined'}
      color={action === 'abort' ? 'secondary' : 'primary'}
      size="small"
      disabled={loading || !allowed || !available}
      onClick={onClick}
    >
      {ACTION_LABELS[action]}
    </Button>
  );
  return reason ? (
    <Tooltip title={reason}>
      {/* A disabled button fires no events; the span carries the tooltip. */}
      <span aria-label={`${ACTION_LABELS[action]}: ${reason}`}>{button}</span>
    </Tooltip>
  ) : (
    button
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
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
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
