import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ReplicaSet, Rollout } from '../rollouts/kubernetesTypes';
import { GateLimits } from './gateLimits';

/**
 * What a check found. `unknown` is never taken for `open`: a check whose data
 * source is missing or silent keeps the gate closed and says what is missing.
 */
export type GateCheckState = 'open' | 'closed' | 'unknown';

/** One readiness check's finding, with what it rests on. */
export interface GateCheckResult {
  state: GateCheckState;
  /** One sentence a release manager reads first. */
  summary: string;
  /** The facts behind the summary, one per line. */
  evidence: string[];
  /** Where the evidence can be seen (a compare view, a Prometheus graph...). */
  link?: string;
}

/** A revision of the workload, as the gate speaks of it. */
export interface GateRevision {
  podTemplateHash: string;
  /** Argo's revision number, when the ReplicaSet carries it. */
  revision?: number;
  images: string[];
}

/** What every check is given about the release waiting at a gate. */
export interface GateContext {
  entity: Entity;
  entityRef: string;
  /** The gated cluster the release is in (its environment). */
  environment: string;
  /** The cluster a release is tried in first, when configured. */
  stagingEnvironment?: string;
  rollout: Rollout;
  /** The Rollout's own ReplicaSets, newest revision first. */
  replicaSets: ReplicaSet[];
  /** What would be promoted. */
  candidate: GateRevision;
  /** What runs in the environment now, if anything does. */
  running?: GateRevision;
  /** The index of the gate's pause step (canary), or undefined (blue/green). */
  gateStepIndex?: number;
  limits: GateLimits;
  credentials: BackstageCredentials;
}

/**
 * A readiness check of the release manager's gate. Every check is one of
 * these, so one whose data source does not exist yet can be added and
 * answer `unknown` until it does.
 */
export interface GateCheck {
  /** Stable id, used for overrides and in 409 messages. */
  id: string;
  /** What a release manager reads as the check's name. */
  title: string;
  evaluate(context: GateContext): Promise<GateCheckResult>;
}

/** A check that failed to run is not open: it says why. */
export async function evaluateSafely(
  check: GateCheck,
  context: GateContext,
): Promise<GateCheckResult> {
  try {
    return await check.evaluate(context);
  } catch (error) {
    return {
      state: 'unknown',
      summary: `${check.title} could not be checked: ${
        (error as Error).message
      }`,
      evidence: [],
    };
  }
}
