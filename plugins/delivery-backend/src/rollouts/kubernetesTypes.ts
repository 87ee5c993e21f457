/**
 * The parts of the Argo Rollouts and apps/v1 objects the delivery backend
 * reads. Field names follow the CRDs (argoproj.io/v1alpha1) and apps/v1;
 * everything is optional because a cluster is an external system.
 */

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ kind?: string; name?: string; uid?: string }>;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; [key: string]: unknown };
  spec?: {
    containers?: Array<{ name?: string; image?: string }>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface CanaryStepSpec {
  setWeight?: number;
  setCanaryScale?: {
    replicas?: number;
    weight?: number;
    matchTrafficWeight?: boolean;
  };
  pause?: { duration?: string | number };
  analysis?: { templates?: Array<{ templateName?: string }> };
  experiment?: unknown;
  [key: string]: unknown;
}

export interface Rollout {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: { matchLabels?: Record<string, string> };
    template?: PodTemplate;
    workloadRef?: { kind?: string; name?: string };
    strategy?: {
      canary?: {
        steps?: CanaryStepSpec[];
        trafficRouting?: unknown;
      };
      blueGreen?: {
        activeService?: string;
        previewService?: string;
      };
    };
  };
  status?: {
    phase?: string;
    message?: string;
    observedGeneration?: string | number;
    abort?: boolean;
    controllerPause?: boolean;
    pauseConditions?: Array<{ reason?: string; startTime?: string }>;
    currentStepIndex?: number;
    currentPodHash?: string;
    stableRS?: string;
    promoteFull?: boolean;
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    canary?: {
      weights?: {
        canary?: { weight?: number };
        stable?: { weight?: number };
      };
      currentStepAnalysisRunStatus?: { status?: string };
    };
    blueGreen?: { activeSelector?: string; previewSelector?: string };
  };
}

export interface ReplicaSet {
  metadata: ObjectMeta;
  spec?: { replicas?: number; template?: PodTemplate };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

export interface AnalysisRun {
  metadata: ObjectMeta;
  spec?: {
    metrics?: Array<{
      name?: string;
      successCondition?: string;
      failureCondition?: string;
    }>;
  };
  status?: {
    phase?: string;
    message?: string;
    startedAt?: string;
    metricResults?: Array<{
      name?: string;
      phase?: string;
      message?: string;
      successful?: number;
      failed?: number;
      inconclusive?: number;
      error?: number;
      measurements?: Array<{
        phase?: string;
        value?: string;
        startedAt?: string;
        finishedAt?: string;
      }>;
    }>;
  };
}

/** Label Argo Rollouts puts on every ReplicaSet and pod of a revision. */
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';

/** Annotation holding a ReplicaSet's (or AnalysisRun's) revision number. */
export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';

export function revisionOf(object: {
  metadata: ObjectMeta;
}): number | undefined {
  const value = Number(object.metadata.annotations?.[REVISION_ANNOTATION]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export function podTemplateHashOf(replicaSet: ReplicaSet): string | undefined {
  return replicaSet.metadata.labels?.[POD_TEMPLATE_HASH_LABEL];
}
