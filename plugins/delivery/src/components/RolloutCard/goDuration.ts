/*
 * Argo Rollouts' `pause.duration` is an integer of seconds or a Go duration
 * string ("30s", "1h30m", "1.5h"), read with Go's `time.ParseDuration`. The
 * duration libraries on npm read other grammars (bare numbers as
 * milliseconds, words like "min", "days"), so a page using them would count
 * down a pause the controller keeps for a different time; this follows Go's
 * grammar and nothing else.
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Milliseconds of an Argo Rollouts pause duration, or undefined when the
 * text is not one the controller would accept.
 */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const negative = trimmed.startsWith('-');
  const body = trimmed.replace(/^[-+]/, '');
  if (body === '0') return 0;
  if (!body) return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < body.length) {
    const match = PART.exec(body);
    if (!match) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]];
  }
  return negative ? -total : total;
}
