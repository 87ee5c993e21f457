/**
 * What a user can do to a rollout; the names follow
 * `kubectl argo rollouts promote | promote --full | abort | retry | undo`.
 *
 * @public
 */
export type DeliveryAction =
  | 'promote'
  | 'promoteFull'
  | 'abort'
  | 'retry'
  | 'rollback';

/** @public */
export const DELIVERY_ACTIONS: readonly DeliveryAction[] = [
  'promote',
  'promoteFull',
  'abort',
  'retry',
  'rollback',
];

/**
 * Argo Rollouts' phases, plus `Unknown` when the controller has not yet
 * observed the current spec.
 *
 * @public
 */
export type RolloutPhase =
  | 'Progressing'
  | 'Paused'
  | 'Healthy'
  | 'Degraded'
  | 'Unknown';

/** @public */
export type RolloutStrategy = 'canary' | 'blueGreen';

/**
 * One canary step, simplified for display.
 *
 * @public
 */
export type RolloutStep =
  | { type: 'setWeight'; weight: number }
  | { type: 'pause'; duration?: string }
  | { type: 'analysis'; templates: string[] }
  | { type: 'experiment' }
  | { type: 'other'; name: string };

/**
 * A revision of the rollout's pod template (one ReplicaSet).
 *
 * @public
 */
export interface RolloutRevision {
  revision: number;
  podTemplateHash: string;
  images: string[];
  replicas: number;
  readyReplicas: number;
  createdAt?: string;
  /** Role of this revision right now. */
  role: 'stable' | 'canary' | 'active' | 'preview' | 'old';
}

/** @public */
export interface AnalysisMeasurement {
  phase: string;
  value?: string;
  startedAt?: string;
  finishedAt?: string;
}

/** @public */
export interface AnalysisMetricResult {
  name: string;
  phase: string;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  message?: string;
  measurements: AnalysisMeasurement[];
}

/** @public */
export interface AnalysisRunSummary {
  name: string;
  phase:
    | 'Pending'
    | 'Running'
    | 'Successful'
    | 'Failed'
    | 'Error'
    | 'Inconclusive'
    | string;
  message?: string;
  revision?: number;
  startedAt?: string;
  metrics: AnalysisMetricResult[];
}

/** @public */
export interface PauseCondition {
  reason: string;
  startTime?: string;
}

/**
 * Everything the portal shows about one Argo Rollout.
 *
 * @public
 */
export interface RolloutSummary {
  cluster: string;
  namespace: string;
  name: string;
  strategy: RolloutStrategy;
  phase: RolloutPhase;
  message?: string;
  /**
   * False while the controller has not observed the current spec
   * (`status.observedGeneration` behind `metadata.generation`): phase and
   * steps may then describe the previous spec.
   */
  statusObserved: boolean;
  aborted: boolean;
  paused: boolean;
  pauseConditions: PauseCondition[];
  /** Canary steps; empty for blue/green. */
  steps: RolloutStep[];
  currentStepIndex?: number;
  weights?: { canary: number; stable: number };
  replicas: {
    desired: number;
    ready: number;
    updated: number;
    available: number;
  };
  stableRevision?: RolloutRevision;
  /** The revision being rolled out, when it differs from the stable one. */
  canaryRevision?: RolloutRevision;
  /** Every revision still known to the cluster, newest first. */
  revisions: RolloutRevision[];
  /** Revisions one can roll back to, newest first. */
  rollbackTargets: number[];
  blueGreen?: {
    activeService?: string;
    previewService?: string;
    activeSelector?: string;
    previewSelector?: string;
  };
  analysisRuns: AnalysisRunSummary[];
  /** Actions that make sense in the current state. */
  availableActions: DeliveryAction[];
  resourceVersion: string;
}

/**
 * Rollouts of one entity in one cluster, or why they could not be read.
 *
 * @public
 */
export interface ClusterRollouts {
  cluster: string;
  rollouts: RolloutSummary[];
  error?: { message: string; statusCode?: number };
}

/** @public */
export interface EntityRolloutsResponse {
  entityRef: string;
  clusters: ClusterRollouts[];
}

/** @public */
export interface ActionRequest {
  action: DeliveryAction;
  /** For `rollback`: the revision to go back to; defaults to the previous one. */
  revision?: number;
  reason?: string;
  /**
   * The `resourceVersion` of the rollout as the user saw it
   * (`RolloutSummary.resourceVersion`). When given, the action applies only
   * if the rollout has not changed since (otherwise 409), so that two people
   * acting on the same screen never both get through.
   */
  resourceVersion?: string;
}

/**
 * One row of the release history.
 *
 * @public
 */
export interface ReleaseRecord {
  id: string;
  entityRef: string;
  cluster: string;
  namespace: string;
  rollout: string;
  action: DeliveryAction;
  actor: string;
  reason?: string;
  revisionBefore?: number;
  revisionAfter?: number;
  outcome: 'succeeded' | 'failed';
  error?: string;
  createdAt: string;
}

/** @public */
export interface ActionResponse {
  record: ReleaseRecord;
  rollout?: RolloutSummary;
}

/** @public */
export interface ReleaseHistoryPage {
  items: ReleaseRecord[];
  /** Pass as `cursor` to get the next (older) page. */
  nextCursor?: string;
}

/**
 * A rollout in flight anywhere in the catalog, for the Releases page.
 *
 * @public
 */
export interface ReleaseInFlight {
  entityRef: string;
  title?: string;
  owner?: string;
  cluster: string;
  namespace: string;
  rollout: string;
  strategy: RolloutStrategy;
  phase: RolloutPhase;
  message?: string;
  currentStepIndex?: number;
  totalSteps?: number;
  canaryWeight?: number;
  images: string[];
}

/** @public */
export interface ReleasesInFlightResponse {
  items: ReleaseInFlight[];
  clusterErrors: { cluster: string; message: string }[];
}
