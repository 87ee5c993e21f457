/**
 * How a pipeline run, or one of its stages, stands. CDEvents' `outcome`
 * (success / failure / error) and GitHub's `status` + `conclusion` both map
 * onto these; `unknown` is kept for what a provider cannot tell, so it is
 * never shown as a pass.
 *
 * @public
 */
export type PipelineStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'errored'
  | 'cancelled'
  | 'unknown';

/**
 * One stage (CDEvents taskRun, GitHub Actions job) of a pipeline run.
 *
 * @public
 */
export interface PipelineStage {
  id: string;
  name: string;
  status: PipelineStatus;
  /** ISO 8601 timestamps; absent when the stage has not started or ended. */
  startedAt?: string;
  finishedAt?: string;
  url?: string;
}

/**
 * One run of a pipeline (CDEvents pipelineRun, GitHub Actions workflow run).
 *
 * @public
 */
export interface PipelineRun {
  /** The provider that reported it, such as `cdevents` or `github-actions`. */
  provider: string;
  /** Unique within the provider. */
  id: string;
  /** The catalog entity it belongs to, when one is known. */
  entityRef?: string;
  /** The pipeline's (workflow's) name. */
  name: string;
  status: PipelineStatus;
  branch?: string;
  commit?: string;
  /** Who started it: a user name or the triggering actor. */
  actor?: string;
  queuedAt?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Run time in milliseconds, when the run has started and finished. */
  durationMs?: number;
  url?: string;
  stages: PipelineStage[];
}

/**
 * What happened to a service in an environment; the CDEvents service event
 * names.
 *
 * @public
 */
export type DeploymentAction =
  | 'deployed'
  | 'upgraded'
  | 'rolledback'
  | 'removed';

/**
 * One deployment of a service to an environment.
 *
 * @public
 */
export interface Deployment {
  provider: string;
  id: string;
  entityRef?: string;
  environment: string;
  action: DeploymentAction;
  /** The artifact deployed, as a purl or image reference. */
  artifactId?: string;
  /** A version to show: the artifact's tag or version. */
  version?: string;
  commit?: string;
  /** The pipeline run that deployed it, when it could be tied to one. */
  pipelineRunId?: string;
  at: string;
  url?: string;
}

/**
 * Where a provider's data stands: `stale` when the last request failed and
 * what is shown is the last good answer.
 *
 * @public
 */
export interface ProviderState {
  provider: string;
  stale: boolean;
  /** Why the data is stale or missing, phrased for a person. */
  message?: string;
  /** When the data shown was fetched. */
  fetchedAt?: string;
  /** For a rate limit: when the provider will answer again. */
  retryAt?: string;
}

/**
 * Per catalog entity: the latest run on each branch and what is deployed in
 * each environment.
 *
 * @public
 */
export interface CicdSummary {
  entityRef: string;
  /** The latest runs from every source, newest first. */
  recentRuns: PipelineRun[];
  latestRunsByBranch: PipelineRun[];
  /** The latest deployment per environment; `removed` ones are left out. */
  deployedByEnvironment: Deployment[];
  providers: ProviderState[];
}
