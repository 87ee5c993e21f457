/*
 * The delivery API's types, by the names the plugins use. They are derived
 * from plugins/delivery-backend/src/schema/openapi.yaml, the one place the
 * API is described (see ./schema/openapi.generated.ts and the backend's
 * README for how to change them).
 */
import type { components, operations } from './schema/openapi.generated';

type Schemas = components['schemas'];

/**
 * Every operation of the delivery API, with its parameters, request body and
 * responses.
 *
 * @public
 */
export type DeliveryApiOperations = operations;

/**
 * What a user can do to a rollout; the names follow
 * `kubectl argo rollouts promote | promote --full | abort | retry | undo`.
 *
 * @public
 */
export type DeliveryAction = Schemas['DeliveryAction'];

/** @public */
export const DELIVERY_ACTIONS: readonly DeliveryAction[] = [
  'promote',
  'promoteFull',
  'abort',
  'retry',
  'rollback',
];

/**
 * Whether the caller may take one action now, and why not.
 *
 * @public
 */
export type ActionAvailability = Schemas['ActionAvailability'];
/** @public */
export type RolloutPhase = Schemas['RolloutPhase'];
/** @public */
export type RolloutStrategy = Schemas['RolloutStrategy'];
/** @public */
export type RolloutStep = Schemas['RolloutStep'];
/** @public */
export type RolloutRevision = Schemas['RolloutRevision'];
/** @public */
export type AnalysisMeasurement = Schemas['AnalysisMeasurement'];
/** @public */
export type AnalysisMetricResult = Schemas['AnalysisMetricResult'];
/** @public */
export type AnalysisRunSummary = Schemas['AnalysisRunSummary'];
/** @public */
export type PauseCondition = Schemas['PauseCondition'];
/** @public */
export type RolloutSummary = Schemas['RolloutSummary'];
/** @public */
export type ClusterRollouts = Schemas['ClusterRollouts'];
/** @public */
export type EntityRolloutsResponse = Schemas['EntityRolloutsResponse'];
/** @public */
export type ActionRequest = Schemas['ActionRequest'];
/** @public */
export type ReleaseRecord = Schemas['ReleaseRecord'];
/**
 * The canary steps a promotion moved a rollout across.
 *
 * @public
 */
export type ReleaseStep = Schemas['ReleaseStep'];
/** @public */
export type ActionResponse = Schemas['ActionResponse'];
/** @public */
export type ReleaseHistoryPage = Schemas['ReleaseHistoryPage'];
/** @public */
export type ReleaseInFlight = Schemas['ReleaseInFlight'];
/** @public */
export type ReleasesInFlightResponse = Schemas['ReleasesInFlightResponse'];
/** @public */
export type GateCheckState = Schemas['GateCheckState'];
/** @public */
export type GateCheckView = Schemas['GateCheckView'];
/** @public */
export type GateDecision = Schemas['GateDecision'];
/** @public */
export type GateState = Schemas['GateState'];
/** @public */
export type ReleaseHealth = Schemas['ReleaseHealth'];
/** @public */
export type ReleaseHealthMetric = Schemas['ReleaseHealthMetric'];
/** @public */
export type GateDecisionRequest = Schemas['GateDecisionRequest'];
/** @public */
export type GateDecisionResponse = Schemas['GateDecisionResponse'];
/** @public */
export type WaitingRelease = Schemas['WaitingRelease'];
/** @public */
export type WaitingReleasesResponse = Schemas['WaitingReleasesResponse'];
