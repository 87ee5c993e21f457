/**
 * A local stand-in for Kubernetes API servers running Argo Rollouts, a Gitea
 * git host and the CI/CD that deploys pushed repositories, for the portal's
 * demo and tests.
 *
 * @packageDocumentation
 */

export { startSandbox } from './sandbox';
export type {
  Sandbox,
  SandboxCluster,
  SandboxGitHost,
  SandboxGitHostOptions,
  SandboxLogger,
  SandboxOptions,
} from './sandbox';
export type { ReleaseRequest, ReleaseResult } from './control/releases';
export { ReleaseError } from './control/releases';
export type { TokenGrant, TokenOptions } from './server/auth';
export { DEFAULT_ADMIN_TOKEN } from './server/auth';
export type { TrafficSeries, TrafficSnapshot } from './traffic/trafficModel';
export type {
  TrafficProfile,
  LatencyMs,
  ProfileInput,
} from './traffic/profiles';
export { PROFILES } from './traffic/profiles';
export type { ServiceSeed } from './seed/catalog';
export { SERVICES as DEMO_SERVICES } from './seed/catalog';
export type { GitHostUser } from './githost/accounts';
export { DEFAULT_GIT_USER } from './githost/accounts';
export { DEFAULT_GIT_ORGS } from './githost/gitHost';
export type {
  PipelineRun,
  PipelineStage,
  StageStatus,
} from './ci/pipelineRuns';
export type { CloudEvent, CdEventSubject } from './ci/cdEvents';
export { CDEVENT_TYPES } from './ci/cdEvents';
export { EXAMPLE_REPO_OWNER, exampleCdEventHistory } from './ci/cdEventHistory';
