import { Box, Typography, makeStyles } from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: 14,
    borderRadius: 7,
    overflow: 'hidden',
    background: theme.palette.grey[300],
  },
  canary: { background: theme.palette.warning.main },
  stable: { background: theme.palette.success.main },
}));

/** Traffic split between the canary and the stable revision. */
export const WeightBar = ({
  canary,
  stable,
  replicaBased,
}: {
  canary: number;
  stable: number;
  replicaBased?: { canaryPods: number; availablePods: number };
}) => {
  const classes = useStyles();
  return (
    <Box>
      <Box
        className={classes.bar}
        role="meter"
        aria-label="Canary traffic weight"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={canary}
      >
        <Box className={classes.canary} style={{ width: `${canary}%` }} />
        <Box className={classes.stable} style={{ width: `${stable}%` }} />
      </Box>
      <Box display="flex" justifyContent="space-between" mt={0.5}>
        <Typography variant="caption">Canary {canary}%</Typography>
        <Typography variant="caption">Stable {stable}%</Typography>
      </Box>
      {replicaBased && (
        <Typography variant="caption" color="textSecondary" component="p">
          Replica-based: {replicaBased.canaryPods} of{' '}
          {replicaBased.availablePods} pods ≈ {canary}%. Without traffic routing
          Argo Rollouts approximates a step's weight by scaling pods, so the
          share can differ from the step's.
        </Typography>
      )}
    </Box>
  );
};
