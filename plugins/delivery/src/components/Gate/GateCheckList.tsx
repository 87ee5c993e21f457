import {
  Box,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@material-ui/core';
import {
  Link,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { GateCheckView } from '@internal/plugin-delivery-common';

const STATE_LABEL = { open: 'open', closed: 'closed', unknown: 'unknown' };

function StateIcon({ check }: { check: GateCheckView }) {
  if (check.state === 'open') return <StatusOK />;
  if (check.override) return <StatusWarning />;
  return check.state === 'closed' ? <StatusError /> : <StatusWarning />;
}

/** Each readiness check with its state, evidence, link and override. */
export const GateCheckList = ({
  checks,
  renderActions,
}: {
  checks: GateCheckView[];
  renderActions?: (check: GateCheckView) => React.ReactNode;
}) => (
  <List dense aria-label="Readiness checks">
    {checks.map(check => (
      <ListItem key={check.id} alignItems="flex-start" divider>
        <ListItemIcon style={{ minWidth: 32, marginTop: 6 }}>
          <StateIcon check={check} />
        </ListItemIcon>
        <ListItemText
          disableTypography
          primary={
            <Typography variant="subtitle2">
              {check.title}: {STATE_LABEL[check.state]}
              {check.override ? ' (overridden)' : ''}
            </Typography>
          }
          secondary={
            <Box>
              <Typography variant="body2">{check.summary}</Typography>
              {check.evidence.map(line => (
                <Typography
                  key={line}
                  variant="caption"
                  component="div"
                  color="textSecondary"
                >
                  {line}
                </Typography>
              ))}
              {check.link && (
                <Link to={check.link} target="_blank" rel="noopener">
                  Evidence
                </Link>
              )}
              {check.override && (
                <Typography variant="caption" component="div">
                  Overridden by {check.override.by} at {check.override.at}:{' '}
                  {check.override.reason}
                </Typography>
              )}
            </Box>
          }
        />
        {renderActions?.(check)}
      </ListItem>
    ))}
  </List>
);
