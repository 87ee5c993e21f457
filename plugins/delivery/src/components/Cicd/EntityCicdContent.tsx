import { Grid } from '@material-ui/core';
import { CicdRunsCard } from './CicdRunsCard';
import { DeployedEnvironmentsCard } from './DeployedEnvironmentsCard';
import { DoraCard } from './DoraCard';
import { TimelineCard } from './TimelineCard';
import { useCicd } from './useCicd';

/** The CI/CD part of the Delivery tab. */
export const EntityCicdContent = () => {
  const state = useCicd({ timeline: true, dora: true });
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <CicdRunsCard state={state} />
      </Grid>
      {state.summary && (
        <Grid item xs={12} md={5}>
          <DeployedEnvironmentsCard summary={state.summary} />
        </Grid>
      )}
      {state.dora && (
        <Grid item xs={12} md={7}>
          <DoraCard dora={state.dora} />
        </Grid>
      )}
      {state.timeline && (
        <Grid item xs={12}>
          <TimelineCard timeline={state.timeline} />
        </Grid>
      )}
    </Grid>
  );
};
