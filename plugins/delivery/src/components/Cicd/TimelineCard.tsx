import { Box, Chip, Typography } from '@material-ui/core';
import { InfoCard, Link } from '@backstage/core-components';
import { TimelinePage } from '@internal/plugin-delivery-common';
import { relativeTime } from './formatting';

const SOURCE_LABELS: Record<
  TimelinePage['items'][number]['sources'][number],
  string
> = {
  cdevents: 'CI/CD',
  portal: 'portal',
  cluster: 'cluster',
};

/**
 * The service's timeline: what CI/CD reported, what the clusters recorded
 * and what people did in the portal, newest first. An entry reported by
 * several shows each source.
 */
export const TimelineCard = ({ timeline }: { timeline: TimelinePage }) => (
  <InfoCard title="Release timeline">
    {timeline.items.length === 0 ? (
      <Typography variant="body2">Nothing has happened yet.</Typography>
    ) : (
      timeline.items.map(item => (
        <Box
          key={item.id}
          display="flex"
          alignItems="baseline"
          mb={1}
          data-testid="timeline-entry"
        >
          <Box width={140} flexShrink={0}>
            <Typography variant="caption" title={item.at}>
              {relativeTime(item.at)}
            </Typography>
          </Box>
          <Box flexGrow={1}>
            <Typography variant="body2">
              {item.url ? <Link to={item.url}>{item.title}</Link> : item.title}
            </Typography>
          </Box>
          {item.sources.map(source => (
            <Chip key={source} size="small" label={SOURCE_LABELS[source]} />
          ))}
        </Box>
      ))
    )}
  </InfoCard>
);
