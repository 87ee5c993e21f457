import { DateTime, Duration } from 'luxon';

/** "3 minutes ago", from an ISO timestamp. */
export function relativeTime(iso?: string): string {
  return iso ? DateTime.fromISO(iso).toRelative() ?? iso : '—';
}

/** "4m 12s", "1h 3m". */
export function formatDuration(ms?: number): string {
  if (ms === undefined || ms < 0) return '—';
  const d = Duration.fromMillis(ms).shiftTo('hours', 'minutes', 'seconds');
  if (d.hours >= 1) return `${Math.floor(d.hours)}h ${Math.floor(d.minutes)}m`;
  if (d.minutes >= 1)
    return `${Math.floor(d.minutes)}m ${Math.floor(d.seconds)}s`;
  return `${Math.floor(d.seconds)}s`;
}
