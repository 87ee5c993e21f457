/**
 * Traffic profiles: how a revision behaves once it receives traffic. A
 * release picks one by name or passes custom numbers.
 */

export interface LatencyMs {
  p50: number;
  p95: number;
  p99: number;
}

export interface TrafficProfile {
  /** Name shown in snapshots; `custom` for ad-hoc numbers. */
  name: string;
  /** Requests per second the service receives when this revision takes all traffic; default: the service's baseline. */
  requestRate?: number;
  /** Fraction of requests answered with 5xx (0..1). */
  errorRatio: number;
  latencyMs: LatencyMs;
  /** Optional change over (simulated) time since the revision started. */
  drift?: {
    errorRatioPerMinute?: number;
    latencyMsPerMinute?: number;
    maxErrorRatio?: number;
  };
}

export type ProfileInput =
  | string
  | (Partial<Omit<TrafficProfile, 'name'>> & { name?: string });

export const PROFILES: Record<string, TrafficProfile> = {
  healthy: {
    name: 'healthy',
    errorRatio: 0.002,
    latencyMs: { p50: 42, p95: 120, p99: 240 },
  },
  slow: {
    name: 'slow',
    errorRatio: 0.004,
    latencyMs: { p50: 310, p95: 1250, p99: 2600 },
  },
  errors: {
    name: 'errors',
    errorRatio: 0.14,
    latencyMs: { p50: 55, p95: 160, p99: 420 },
  },
  degrading: {
    name: 'degrading',
    errorRatio: 0.005,
    latencyMs: { p50: 45, p95: 130, p99: 260 },
    drift: {
      errorRatioPerMinute: 0.02,
      latencyMsPerMinute: 15,
      maxErrorRatio: 0.5,
    },
  },
};

/** Validates a profile given by name or numbers; throws with the offending field. */
export function resolveProfile(
  input: ProfileInput | undefined,
): TrafficProfile {
  if (input === undefined) return PROFILES.healthy;
  if (typeof input === 'string') {
    const named = PROFILES[input];
    if (!named) {
      throw new Error(
        `profile: unknown profile "${input}", expected one of ${Object.keys(
          PROFILES,
        ).join(', ')} or an object`,
      );
    }
    return named;
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('profile: must be a profile name or an object');
  }
  const base = PROFILES.healthy;
  const errorRatio = input.errorRatio ?? base.errorRatio;
  if (typeof errorRatio !== 'number' || errorRatio < 0 || errorRatio > 1) {
    throw new Error('profile.errorRatio: must be a number between 0 and 1');
  }
  if (
    input.requestRate !== undefined &&
    (typeof input.requestRate !== 'number' || input.requestRate < 0)
  ) {
    throw new Error('profile.requestRate: must be a non-negative number');
  }
  const latency = { ...base.latencyMs, ...input.latencyMs };
  for (const q of ['p50', 'p95', 'p99'] as const) {
    if (typeof latency[q] !== 'number' || latency[q] <= 0) {
      throw new Error(`profile.latencyMs.${q}: must be a positive number`);
    }
  }
  if (!(latency.p50 <= latency.p95 && latency.p95 <= latency.p99)) {
    throw new Error('profile.latencyMs: must satisfy p50 <= p95 <= p99');
  }
  return {
    name: input.name ?? 'custom',
    requestRate: input.requestRate,
    errorRatio,
    latencyMs: latency,
    drift: input.drift,
  };
}

/** Error ratio and latency after `minutes` of simulated time. */
export function profileAt(
  profile: TrafficProfile,
  minutes: number,
): { errorRatio: number; latencyMs: LatencyMs } {
  const drift = profile.drift;
  if (!drift)
    return { errorRatio: profile.errorRatio, latencyMs: profile.latencyMs };
  const errorRatio = Math.min(
    drift.maxErrorRatio ?? 1,
    Math.max(
      0,
      profile.errorRatio + (drift.errorRatioPerMinute ?? 0) * minutes,
    ),
  );
  const add = (drift.latencyMsPerMinute ?? 0) * minutes;
  return {
    errorRatio,
    latencyMs: {
      p50: Math.max(1, profile.latencyMs.p50 + add),
      p95: Math.max(1, profile.latencyMs.p95 + add * 1.5),
      p99: Math.max(1, profile.latencyMs.p99 + add * 2),
    },
  };
}
