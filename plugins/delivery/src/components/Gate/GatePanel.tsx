import { useState } from 'react';
import { Box, Button, Chip, TextField, Typography } from '@material-ui/core';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  deliveryReleaseApprovePermission,
  GateDecisionRequest,
  GateState,
} from '@internal/plugin-delivery-common';
import { RolloutRef } from '../../api/DeliveryApi';
import { errorMessage } from '../../api/errorMessage';
import { GateCheckList } from './GateCheckList';
import { useGateClient, useRolloutGate } from './useGate';

function stageLabel(gate: GateState) {
  if (gate.stage === 'passed') return 'Passed';
  if (gate.open) return 'Open';
  if (gate.refusal) return 'Refused';
  return gate.stage === 'waiting' ? 'Waiting for approval' : 'Closed';
}

/**
 * The release manager's gate of a rollout in a gated environment: each
 * check with its evidence, who decided, and — for release managers —
 * approve, refuse and override with a reason. The backend decides who may;
 * the permission only hides what would be refused.
 */
export const GatePanel = ({
  rollout,
  entityRef,
  refreshKey,
  onDecision,
}: {
  rollout: RolloutRef;
  entityRef: string;
  refreshKey?: unknown;
  onDecision?: () => void;
}) => {
  const client = useGateClient();
  const {
    value: gate,
    loading,
    error,
    retry,
  } = useRolloutGate(rollout, refreshKey);
  const { allowed } = usePermission({
    permission: deliveryReleaseApprovePermission,
    resourceRef: entityRef,
  });
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  if (!gate && loading) return <Progress />;
  if (!gate) {
    return error ? (
      <WarningPanel
        title="Could not read the release gate"
        message={errorMessage(error)}
      />
    ) : null;
  }
  if (!gate.gated || gate.stage === 'none') return null;

  const decide = async (request: GateDecisionRequest) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await client!.decide(rollout, request);
      setReason('');
      retry();
      onDecision?.();
    } catch (e) {
      setFailure(errorMessage(e as Error));
    } finally {
      setBusy(false);
    }
  };
  const deciding = allowed && gate.stage !== 'passed';

  return (
    <Box mt={2}>
      <InfoCard
        title={`Release manager's gate — ${gate.cluster}`}
        subheader={`${gate.namespace}/${gate.rollout}${
          gate.candidate?.revision
            ? `, revision ${gate.candidate.revision}`
            : ''
        }`}
        action={
          <Chip
            label={stageLabel(gate)}
            color={gate.open ? 'primary' : 'secondary'}
          />
        }
      >
        {!gate.open && gate.stage !== 'passed' && (
          <Box mb={2}>
            <Typography variant="subtitle2">
              Promotion past this step is held until:
            </Typography>
            <ul aria-label="What holds the release">
              {gate.blockers.map(b => (
                <li key={b}>
                  <Typography variant="body2">{b}</Typography>
                </li>
              ))}
            </ul>
          </Box>
        )}
        {gate.approval && (
          <Typography variant="body2">
            Approved by {gate.approval.by} at {gate.approval.at}
            {gate.approval.reason ? `: ${gate.approval.reason}` : ''}
          </Typography>
        )}
        {gate.refusal && (
          <Typography variant="body2" color="error">
            Refused by {gate.refusal.by} at {gate.refusal.at}
            {gate.refusal.reason ? `: ${gate.refusal.reason}` : ''}
          </Typography>
        )}
        <GateCheckList
          checks={gate.checks}
          renderActions={check =>
            deciding && check.state !== 'open' && !check.override ? (
              <Button
                size="small"
                disabled={busy || !reason.trim()}
                onClick={() =>
                  decide({ decision: 'override', checkId: check.id, reason })
                }
              >
                Override {check.title}
              </Button>
            ) : null
          }
        />
        {deciding && (
          <Box mt={2} display="flex" alignItems="center" style={{ gap: 8 }}>
            <TextField
              id="delivery-gate-reason"
              label="Reason"
              helperText="Required to refuse or override a check"
              value={reason}
              onChange={e => setReason(e.target.value)}
              fullWidth
              inputProps={{ maxLength: 2000 }}
            />
            <Button
              variant="contained"
              color="primary"
              disabled={busy}
              onClick={() =>
                decide({ decision: 'approve', reason: reason || undefined })
              }
            >
              Approve
            </Button>
            <Button
              variant="outlined"
              disabled={busy || !reason.trim()}
              onClick={() => decide({ decision: 'refuse', reason })}
            >
              Refuse
            </Button>
          </Box>
        )}
        {failure && (
          <Typography role="alert" color="error" variant="body2">
            {failure}
          </Typography>
        )}
      </InfoCard>
    </Box>
  );
};
