/** Label, annotation and reason strings used by Argo Rollouts (pkg/apis/rollouts/v1alpha1, utils/conditions). */

export const POD_HASH_LABEL = 'rollouts-pod-template-hash';
export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
export const REVISION_HISTORY_ANNOTATION =
  'rollout.argoproj.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION =
  'rollout.argoproj.io/desired-replicas';
export const SCALE_DOWN_DEADLINE_ANNOTATION = 'scale-down-deadline';
export const MANAGED_BY_ANNOTATION =
  'argo-rollouts.argoproj.io/managed-by-rollouts';
export const LAST_APPLIED_ANNOTATION =
  'kubectl.kubernetes.io/last-applied-configuration';

export const ROLLOUT_TYPE_LABEL = 'rollout-type';
export const STEP_INDEX_LABEL = 'step-index';
export const TYPE_STEP = 'Step';
export const TYPE_BACKGROUND = 'Background';
export const TYPE_PRE_PROMOTION = 'PrePromotion';
export const TYPE_POST_PROMOTION = 'PostPromotion';

export const PAUSE_CANARY_STEP = 'CanaryPauseStep';
export const PAUSE_BLUE_GREEN = 'BlueGreenPause';
export const PAUSE_INCONCLUSIVE_ANALYSIS = 'InconclusiveAnalysisRun';

export const DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;
export const DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS = 30;
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
export const DEFAULT_ANALYSIS_HISTORY_LIMIT = 5;

export const COMPONENT = 'rollouts-controller';

// Condition types
export const CONDITION_INVALID_SPEC = 'InvalidSpec';
export const CONDITION_AVAILABLE = 'Available';
export const CONDITION_PROGRESSING = 'Progressing';
export const CONDITION_PAUSED = 'Paused';
export const CONDITION_COMPLETED = 'Completed';
export const CONDITION_HEALTHY = 'Healthy';

// Reasons and messages (utils/conditions/conditions.go)
export const Reasons = {
  InvalidSpec: 'InvalidSpec',
  Available: 'AvailableReason',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  RolloutUpdated: 'RolloutUpdated',
  RolloutCompleted: 'RolloutCompleted',
  RolloutNotCompleted: 'RolloutNotCompleted',
  RolloutHealthy: 'RolloutHealthy',
  RolloutAborted: 'RolloutAborted',
  RolloutRetry: 'RolloutRetry',
  RolloutPaused: 'RolloutPaused',
  RolloutResumed: 'RolloutResumed',
  ReplicaSetNotAvailable: 'ReplicaSetNotAvailable',
  RolloutStepCompleted: 'RolloutStepCompleted',
  TrafficWeightUpdated: 'TrafficWeightUpdated',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  ScalingReplicaSet: 'ScalingReplicaSet',
};

export const Messages = {
  Available: 'Rollout has minimum availability',
  NotAvailable: 'Rollout does not have minimum availability',
  RolloutHealthy: 'Rollout is healthy',
  RolloutNotHealthy: 'Rollout is not healthy',
  RolloutPaused: 'Rollout is paused',
  RolloutResumed: 'Rollout is resumed',
  RolloutRetry: 'Retrying Rollout after abort',
  aborted: (revision: number) =>
    `Rollout aborted update to revision ${revision}`,
  completed: (revision: number, hash: string, reason: string) =>
    `Rollout completed update to revision ${revision} (${hash}): ${reason}`,
  notCompleted: (revision: number, hash: string) =>
    `Rollout not completed, started update to revision ${revision} (${hash})`,
  newReplicaSet: (name: string) => `Created new replica set "${name}"`,
  newReplicaSetDetailed: (name: string, revision: number) =>
    `Created ReplicaSet ${name} (revision ${revision})`,
  foundNewRS: (name: string) => `Found new replica set "${name}"`,
  rsProgressing: (name: string) => `ReplicaSet "${name}" is progressing.`,
  rolloutProgressing: (name: string) => `Rollout "${name}" is progressing.`,
  rsCompleted: (name: string) =>
    `ReplicaSet "${name}" has successfully progressed.`,
  rsTimedOut: (name: string) =>
    `ReplicaSet "${name}" has timed out progressing.`,
  rolloutUpdated: (revision: string) =>
    `Rollout updated to revision ${revision}`,
  stepCompleted: (index: number, total: number, step: string) =>
    `Rollout step ${index}/${total} completed (${step})`,
  scaled: (
    op: string,
    name: string,
    revision: number,
    from: number,
    to: number,
  ) =>
    `Scaled ${op} ReplicaSet ${name} (revision ${revision}) from ${from} to ${to}`,
  notAvailable: 'Rollout does not have minimum availability',
};
