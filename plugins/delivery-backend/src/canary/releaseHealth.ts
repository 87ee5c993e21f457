import {
  CanaryMetricDefinition,
  CanaryMetricObservation,
  CanaryMetricProvider,
} from '@internal/plugin-delivery-node';
import { DEFAULT_CANARY_METRICS } from './defaultCanaryMetrics';
import {
  CanaryJudgeConfig,
  CanaryJudgement,
  DEFAULT_JUDGE_CONFIG,
  MetricObservations,
  judgeCanary,
} from './judge';

/** The health of the release in flight of one Rollout. */
export interface ReleaseHealth {
  /** `canary` compares canary with stable; `blueGreen` preview with active. */
  strategy: 'canary' | 'blueGreen';
  canaryHash?: string;
  stableHash?: string;
  window?: { start: number; end: number; stepSeconds: number };
  judgement: CanaryJudgement;
  /** The series the verdict was taken on, for charts. */
  observations: CanaryMetricObservation[];
}

export interface ReleaseHealthRequest {
  cluster: string;
  /** The Rollout as the cluster returns it. */
  rollout: any;
  /** When the new revision started taking traffic (epoch ms). */
  since: number;
  now: number;
  stepSeconds: number;
  metrics?: CanaryMetricDefinition[];
  judge?: CanaryJudgeConfig;
}

function inconclusive(
  strategy: ReleaseHealth['strategy'],
  reason: string,
): ReleaseHealth {
  return {
    strategy,
    judgement: {
      verdict: 'Inconclusive',
      score: 0,
      reason,
      metrics: [],
      groups: [],
    },
    observations: [],
  };
}

/** The revisions being compared: canary/stable, or preview/active for blue/green. */
export function comparedRevisions(rollout: any): {
  strategy: ReleaseHealth['strategy'];
  canaryHash?: string;
  stableHash?: string;
} {
  const status = rollout?.status ?? {};
  const blueGreen = !!rollout?.spec?.strategy?.blueGreen;
  const canaryHash: string | undefined = status.currentPodHash;
  const stableHash: string | undefined = blueGreen
    ? status.blueGreen?.activeSelector ?? status.stableRS
    : status.stableRS;
  return {
    strategy: blueGreen ? 'blueGreen' : 'canary',
    canaryHash,
    stableHash,
  };
}

/** Pairs the two sides step by step: the judge compares the same intervals. */
function aligned(observation: CanaryMetricObservation): MetricObservations {
  const stableAt = new Map<number, any>(
    observation.stable.map((s: any) => [s.timestamp, s]),
  );
  const pairs = (observation.canary as any[])
    .filter(c => stableAt.has(c.timestamp))
    .map(c => [c, stableAt.get(c.timestamp)]);
  if (observation.kind === 'errorRatio') {
    return {
      kind: 'errorRatio',
      canary: pairs.map(([c]) => ({ requests: c.requests, errors: c.errors })),
      stable: pairs.map(([, s]) => ({
        requests: s.requests,
        errors: s.errors,
      })),
    };
  }
  return {
    kind: 'samples',
    canary: pairs.map(([c]) => c.value),
    stable: pairs.map(([, s]) => s.value),
  };
}

function observationsOf(
  metric: CanaryMetricDefinition,
  observation: CanaryMetricObservation | undefined,
): MetricObservations {
  if (observation) return aligned(observation);
  return metric.kind === 'errorRatio'
    ? { kind: 'errorRatio', canary: [], stable: [] }
    : { kind: 'samples', canary: [], stable: [] };
}

/**
 * Judges the release in flight of a Rollout from its metrics, whether or not
 * the Rollout has analysis steps: the canary (or preview) revision against
 * the stable (or active) one over the window since it started.
 */
export async function assessReleaseHealth(
  provider: CanaryMetricProvider | undefined,
  request: ReleaseHealthRequest,
): Promise<ReleaseHealth> {
  const { strategy, canaryHash, stableHash } = comparedRevisions(
    request.rollout,
  );
  if (!canaryHash || !stableHash || canaryHash === stableHash) {
    return inconclusive(
      strategy,
      'no release in flight: there is no new revision to compare with the stable one',
    );
  }
  if (!provider) {
    return inconclusive(
      strategy,
      `no metric provider is configured for cluster '${request.cluster}'`,
    );
  }
  const metrics = request.metrics ?? DEFAULT_CANARY_METRICS;
  const window = {
    start: request.since,
    end: request.now,
    stepSeconds: request.stepSeconds,
  };
  const observations = await provider.observe({
    cluster: request.cluster,
    namespace: request.rollout.metadata.namespace,
    rollout: request.rollout.metadata.name,
    canary: { podTemplateHash: canaryHash },
    stable: { podTemplateHash: stableHash },
    metrics,
    ...window,
  });
  const byName = new Map(observations.map(o => [o.name, o]));
  const judgement = judgeCanary(
    metrics.map(m => ({
      metric: {
        name: m.name,
        group: m.group,
        direction: m.direction,
        critical: m.critical,
        mustHaveData: m.mustHaveData,
        tolerance: m.tolerance,
      },
      observations: observationsOf(m, byName.get(m.name)),
    })),
    request.judge ?? DEFAULT_JUDGE_CONFIG,
  );
  return { strategy, canaryHash, stableHash, window, judgement, observations };
}
