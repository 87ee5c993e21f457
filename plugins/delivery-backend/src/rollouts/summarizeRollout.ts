import {
  DELIVERY_ACTIONS,
  RolloutRevision,
  RolloutSummary,
} from '@internal/plugin-delivery-common';
import {
  AnalysisRun,
  podTemplateHashOf,
  ReplicaSet,
  Rollout,
} from './kubernetesTypes';
import {
  canaryStepsOf,
  canaryWeight,
  isPaused,
  isStatusObserved,
  phaseOf,
  replicaBasedShare,
  strategyOf,
} from './rolloutState';
import {
  ownedReplicaSets,
  rollbackTargetsOf,
  toRolloutRevision,
} from './revisions';
import { summarizeAnalysisRuns } from './analysisRuns';
import { planAction } from './RolloutActionPlanner';
import { toStep } from './rolloutStep';

/**
 * Everything the portal shows about one Rollout, from the Rollout, the
 * ReplicaSets and the AnalysisRuns of its namespace. Nothing from `status` is
 * presented as current unless the controller observed the current spec.
 */
export function summarizeRollout(
  cluster: string,
  rollout: Rollout,
  replicaSets: ReplicaSet[],
  analysisRuns: AnalysisRun[],
): RolloutSummary {
  const status = rollout.status ?? {};
  const observed = isStatusObserved(rollout);
  const strategy = strategyOf(rollout);
  const owned = ownedReplicaSets(rollout, replicaSets);
  const revisions = owned
    .map(rs => toRolloutRevision(rollout, rs))
    .filter((revision): revision is RolloutRevision => Boolean(revision));
  const stableRevision = revisions.find(
    r => r.podTemplateHash === status.stableRS,
  );
  const canaryRevision =
    status.currentPodHash && status.currentPodHash !== status.stableRS
      ? revisions.find(r => r.podTemplateHash === status.currentPodHash)
      : undefined;
  const canaryReplicaSet = canaryRevision
    ? owned.find(rs => podTemplateHashOf(rs) === canaryRevision.podTemplateHash)
    : undefined;

  const summary: RolloutSummary = {
    cluster,
    namespace: rollout.metadata.namespace ?? '',
    name: rollout.metadata.name ?? '',
    strategy,
    phase: phaseOf(rollout),
    message: observed ? status.message || undefined : undefined,
    statusObserved: observed,
    aborted: Boolean(status.abort),
    paused: isPaused(rollout),
    pauseConditions: (status.pauseConditions ?? []).map(condition => ({
      reason: condition.reason ?? 'Unknown',
      startTime: condition.startTime,
    })),
    steps: canaryStepsOf(rollout).map(toStep),
    replicas: {
      desired: rollout.spec?.replicas ?? 1,
      ready: status.readyReplicas ?? 0,
      updated: status.updatedReplicas ?? 0,
      available: status.availableReplicas ?? 0,
    },
    stableRevision,
    canaryRevision,
    revisions,
    rollbackTargets: rollbackTargetsOf(rollout, owned),
    analysisRuns: summarizeAnalysisRuns(rollout, analysisRuns),
    availableActions: DELIVERY_ACTIONS.filter(
      action => planAction(rollout, owned, action).ok,
    ),
    resourceVersion: rollout.metadata.resourceVersion ?? '',
  };

  if (strategy === 'canary') {
    summary.currentStepIndex = status.currentStepIndex;
    const canary = canaryWeight(rollout, canaryReplicaSet);
    const replicaBased = replicaBasedShare(rollout, canaryReplicaSet);
    summary.weights = {
      canary,
      stable: 100 - canary,
      ...(replicaBased && { replicaBased }),
    };
  } else {
    const blueGreen = rollout.spec?.strategy?.blueGreen;
    summary.blueGreen = {
      activeService: blueGreen?.activeService,
      previewService: blueGreen?.previewService,
      activeSelector: status.blueGreen?.activeSelector,
      previewSelector: status.blueGreen?.previewSelector,
    };
  }
  return summary;
}
