import { Box } from '@material-ui/core';
import { WarningPanel } from '@backstage/core-components';
import { ReleasesInFlightResponse } from '@internal/plugin-delivery-common';
import { DateTime } from 'luxon';

/** Clusters whose changes stopped arriving: what is shown of them is as of then. */
export const StaleClustersWarning = ({
  clusters,
}: {
  clusters?: ReleasesInFlightResponse['staleClusters'];
}) => (
  <>
    {(clusters ?? []).map(stale => (
      <Box mb={2} key={stale.cluster}>
        <WarningPanel
          title={`Cluster ${stale.cluster}: shown as of ${DateTime.fromISO(
            stale.since,
          ).toLocaleString(DateTime.TIME_WITH_SECONDS)}`}
          message={`${stale.message} — reconnecting; its releases are shown as they were then.`}
        />
      </Box>
    ))}
  </>
);
