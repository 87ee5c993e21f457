import { Box, Tooltip, Typography } from '@material-ui/core';
import { ReleaseInFlight } from '@internal/plugin-delivery-common';
import { DateTime } from 'luxon';

/** The image serving now, and the one being rolled out beside it. */
export const ReleaseImages = ({ release }: { release: ReleaseInFlight }) => (
  <>
    <div>{release.images.join(', ')}</div>
    {release.candidateImages && (
      <Typography variant="caption" color="textSecondary">
        {release.aborted ? 'aborted: ' : 'rolling out: '}
        {release.candidateImages.join(', ')}
      </Typography>
    )}
  </>
);

/** When the revision being rolled out was created, relative to now. */
export const ReleaseStarted = ({ startedAt }: { startedAt?: string }) => {
  if (!startedAt) return null;
  const time = DateTime.fromISO(startedAt);
  return (
    <Tooltip title={time.toLocaleString(DateTime.DATETIME_MED_WITH_SECONDS)}>
      <Box component="span" whiteSpace="nowrap">
        {time.toRelative()}
      </Box>
    </Tooltip>
  );
};
