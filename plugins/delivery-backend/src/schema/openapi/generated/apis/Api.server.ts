// Generated from plugins/delivery-backend/src/schema/openapi.yaml by
// `yarn workspace @internal/plugin-delivery-backend generate`.
// Do not edit: change openapi.yaml and run that command.

import type { DeliveryApiOperations } from '@internal/plugin-delivery-common';

/** Any of the JSON bodies one operation answers with. */
type ResponseBody<Op extends { responses: object }> = {
  [Status in keyof Op['responses']]: Op['responses'][Status] extends {
    content: infer Content;
  }
    ? Content[keyof Content]
    : never;
}[keyof Op['responses']];

/** @public */
export type GetEntityRollouts = {
  path: DeliveryApiOperations['GetEntityRollouts']['parameters']['path'];
  response: ResponseBody<DeliveryApiOperations['GetEntityRollouts']>;
};

/** @public */
export type PostRolloutAction = {
  path: DeliveryApiOperations['PostRolloutAction']['parameters']['path'];
  header: NonNullable<
    DeliveryApiOperations['PostRolloutAction']['parameters']['header']
  >;
  body: NonNullable<
    DeliveryApiOperations['PostRolloutAction']['requestBody']
  >['content']['application/json'];
  response: ResponseBody<DeliveryApiOperations['PostRolloutAction']>;
};

/** @public */
export type GetReleaseHealth = {
  path: DeliveryApiOperations['GetReleaseHealth']['parameters']['path'];
  response: ResponseBody<DeliveryApiOperations['GetReleaseHealth']>;
};

/** @public */
export type GetRolloutGate = {
  path: DeliveryApiOperations['GetRolloutGate']['parameters']['path'];
  response: ResponseBody<DeliveryApiOperations['GetRolloutGate']>;
};

/** @public */
export type PostGateDecision = {
  path: DeliveryApiOperations['PostGateDecision']['parameters']['path'];
  body: NonNullable<
    DeliveryApiOperations['PostGateDecision']['requestBody']
  >['content']['application/json'];
  response: ResponseBody<DeliveryApiOperations['PostGateDecision']>;
};

/** @public */
export type GetWaitingReleases = {
  response: ResponseBody<DeliveryApiOperations['GetWaitingReleases']>;
};

/** @public */
export type GetReleaseHistory = {
  query: NonNullable<
    DeliveryApiOperations['GetReleaseHistory']['parameters']['query']
  >;
  response: ResponseBody<DeliveryApiOperations['GetReleaseHistory']>;
};

/** @public */
export type GetReleasesInFlight = {
  query: NonNullable<
    DeliveryApiOperations['GetReleasesInFlight']['parameters']['query']
  >;
  response: ResponseBody<DeliveryApiOperations['GetReleasesInFlight']>;
};

/** @public */
export type PostCdEvents = {
  body: NonNullable<
    DeliveryApiOperations['PostCdEvents']['requestBody']
  >['content']['application/json'];
  response: ResponseBody<DeliveryApiOperations['PostCdEvents']>;
};

/** @public */
export type GetEntityCicdSummary = {
  path: DeliveryApiOperations['GetEntityCicdSummary']['parameters']['path'];
  response: ResponseBody<DeliveryApiOperations['GetEntityCicdSummary']>;
};

/** @public */
export type GetEntityTimeline = {
  path: DeliveryApiOperations['GetEntityTimeline']['parameters']['path'];
  query: NonNullable<
    DeliveryApiOperations['GetEntityTimeline']['parameters']['query']
  >;
  response: ResponseBody<DeliveryApiOperations['GetEntityTimeline']>;
};

/** @public */
export type GetEntityDora = {
  path: DeliveryApiOperations['GetEntityDora']['parameters']['path'];
  query: NonNullable<
    DeliveryApiOperations['GetEntityDora']['parameters']['query']
  >;
  response: ResponseBody<DeliveryApiOperations['GetEntityDora']>;
};

/** @public */
export type PostRerunPipelineRun = {
  path: DeliveryApiOperations['PostRerunPipelineRun']['parameters']['path'];
  response: ResponseBody<DeliveryApiOperations['PostRerunPipelineRun']>;
};

/** @public */
export type GetUnmatchedCdEvents = {
  query: NonNullable<
    DeliveryApiOperations['GetUnmatchedCdEvents']['parameters']['query']
  >;
  response: ResponseBody<DeliveryApiOperations['GetUnmatchedCdEvents']>;
};

/** @public */
export type EndpointMap = {
  '#get|/entities/{kind}/{namespace}/{name}/rollouts': GetEntityRollouts;
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/actions': PostRolloutAction;
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/health': GetReleaseHealth;
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/gate': GetRolloutGate;
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/gate/decisions': PostGateDecision;
  '#get|/gate/waiting': GetWaitingReleases;
  '#get|/history': GetReleaseHistory;
  '#get|/releases': GetReleasesInFlight;
  '#post|/cdevents': PostCdEvents;
  '#get|/entities/{kind}/{namespace}/{name}/cicd': GetEntityCicdSummary;
  '#get|/entities/{kind}/{namespace}/{name}/cicd/timeline': GetEntityTimeline;
  '#get|/entities/{kind}/{namespace}/{name}/cicd/dora': GetEntityDora;
  '#post|/entities/{kind}/{namespace}/{name}/cicd/runs/{provider}/{runId}/rerun': PostRerunPipelineRun;
  '#get|/cicd/unmatched': GetUnmatchedCdEvents;
};
