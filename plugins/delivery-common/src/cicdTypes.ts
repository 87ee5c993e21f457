/*
 * The CI/CD part of the delivery API's types, by the names the plugins use,
 * derived from plugins/delivery-backend/src/schema/openapi.yaml.
 */
import type { components } from './schema/openapi.generated';

type Schemas = components['schemas'];

/** @public */
export type CicdSummaryResponse = Schemas['CicdSummary'];
/** @public */
export type PipelineRunResponse = Schemas['PipelineRun'];
/** @public */
export type PipelineStageResponse = Schemas['PipelineStage'];
/** @public */
export type PipelineStatusValue = Schemas['PipelineStatus'];
/** @public */
export type DeploymentResponse = Schemas['Deployment'];
/** @public */
export type CdEventsIngestResult = Schemas['CdEventsIngestResult'];
/** @public */
export type TimelineEntryResponse = Schemas['TimelineEntry'];
/** @public */
export type TimelinePage = Schemas['TimelinePage'];
/** @public */
export type DoraFigures = Schemas['DoraFigures'];
/** @public */
export type DoraComparison = Schemas['DoraComparison'];
/** @public */
export type UnmatchedCdEventResponse = Schemas['UnmatchedCdEvent'];
/** @public */
export type ProviderStateResponse = Schemas['ProviderState'];
