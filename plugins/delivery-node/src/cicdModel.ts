/*
 * The one CI/CD model every provider reports in. It is the delivery API's
 * own shape (plugins/delivery-backend/src/schema/openapi.yaml, generated
 * into @internal/plugin-delivery-common), so what a provider returns is
 * what the API answers, with nothing to convert or keep in step by hand.
 */
import type {
  CicdSummaryResponse,
  DeploymentResponse,
  PipelineRunResponse,
  PipelineStageResponse,
  PipelineStatusValue,
  ProviderStateResponse,
} from '@internal/plugin-delivery-common';

/**
 * How a pipeline run, or one of its stages, stands. CDEvents' `outcome`
 * (success / failure / error) and GitHub's `status` + `conclusion` both map
 * onto these; `unknown` is kept for what a provider cannot tell, so it is
 * never shown as a pass.
 *
 * @public
 */
export type PipelineStatus = PipelineStatusValue;

/**
 * One stage (CDEvents taskRun, GitHub Actions job) of a pipeline run; its
 * times are ISO 8601, absent when the stage has not started or ended.
 *
 * @public
 */
export type PipelineStage = PipelineStageResponse;

/**
 * One run of a pipeline (CDEvents pipelineRun, GitHub Actions workflow
 * run): `provider` is the one that reported it (`cdevents`,
 * `github-actions`), `id` unique within it, `actor` who started it,
 * `durationMs` set when the run has started and finished.
 *
 * @public
 */
export type PipelineRun = PipelineRunResponse;

/**
 * What happened to a service in an environment; the CDEvents service event
 * names.
 *
 * @public
 */
export type DeploymentAction = DeploymentResponse['action'];

/**
 * One deployment of a service to an environment: the artifact (a purl or
 * image reference), a version to show, and the pipeline run that deployed
 * it when it could be tied to one.
 *
 * @public
 */
export type Deployment = DeploymentResponse;

/**
 * Where a provider's data stands: `stale` when the last request failed and
 * what is shown is the last good answer; `message` says why, phrased for a
 * person; `retryAt`, for a rate limit, when the provider answers again.
 *
 * @public
 */
export type ProviderState = ProviderStateResponse;

/**
 * Per catalog entity: the latest runs from every source (newest first), the
 * latest run on each branch, and the latest deployment per environment
 * (`removed` ones left out).
 *
 * @public
 */
export type CicdSummary = CicdSummaryResponse;
