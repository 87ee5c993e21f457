import { GateCheckResult, GateRevision } from './GateCheck';
import { GateDecision } from './GateDecisionStore';
import { GatePosition } from './gatePosition';

/** A check as the gate shows it: its finding, and an override if any. */
export interface GateCheckView extends GateCheckResult {
  id: string;
  title: string;
  override?: { by: string; at: string; reason: string };
}

/** The gate of one Rollout in one cluster, as read now. */
export interface GateState {
  entityRef: string;
  cluster: string;
  namespace: string;
  rollout: string;
  /** Whether the cluster is a gated environment. */
  gated: boolean;
  position?: GatePosition;
  /** `none`: no release in flight or no gate step; `approaching`: before the gate; `waiting`: paused at it; `passed`. */
  stage: 'none' | 'approaching' | 'waiting' | 'passed';
  candidate?: GateRevision;
  running?: GateRevision;
  checks: GateCheckView[];
  approval?: { by: string; at: string; reason?: string };
  refusal?: { by: string; at: string; reason?: string };
  /** Decisions for this candidate, oldest first. */
  decisions: GateDecision[];
  /** Whether a promotion may cross the gate now. */
  open: boolean;
  /** What keeps it closed, one sentence each. */
  blockers: string[];
}

/** The approval in force: the latest approval or refusal decides. */
export function verdictOf(decisions: GateDecision[]) {
  const last = [...decisions]
    .reverse()
    .find(d => d.decision === 'approved' || d.decision === 'refused');
  const view = (d: GateDecision) => ({
    by: d.actor,
    at: d.createdAt,
    reason: d.reason,
  });
  return {
    approval: last?.decision === 'approved' ? view(last) : undefined,
    refusal: last?.decision === 'refused' ? view(last) : undefined,
  };
}

export function withOverrides(
  checks: Array<GateCheckResult & { id: string; title: string }>,
  decisions: GateDecision[],
): GateCheckView[] {
  return checks.map(check => {
    const override = [...decisions]
      .reverse()
      .find(d => d.decision === 'overridden' && d.checkId === check.id);
    return override
      ? {
          ...check,
          override: {
            by: override.actor,
            at: override.createdAt,
            reason: override.reason ?? '',
          },
        }
      : check;
  });
}

/** Each closed or unknown check not overridden, as a 409 would name it. */
export function blockingChecks(checks: GateCheckView[]) {
  return checks.filter(c => c.state !== 'open' && !c.override);
}
