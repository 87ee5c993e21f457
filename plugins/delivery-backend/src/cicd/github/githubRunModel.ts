import { PipelineRun, PipelineStatus } from '@internal/plugin-delivery-node';

/** The fields of GitHub's workflow run object the portal reads. */
export interface GithubWorkflowRun {
  id: number;
  name?: string | null;
  display_title?: string;
  head_branch?: string | null;
  head_sha: string;
  status: string | null;
  conclusion: string | null;
  html_url: string;
  created_at: string;
  updated_at: string;
  run_started_at?: string;
  actor?: { login: string } | null;
  triggering_actor?: { login: string } | null;
}

/** The fields of GitHub's job object the portal reads. */
export interface GithubJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  html_url?: string | null;
}

/**
 * GitHub's `status` and `conclusion` in the portal's words. A completed
 * run with a conclusion the portal does not know is `unknown`, never a pass.
 */
export function githubStatus(
  status: string | null,
  conclusion: string | null,
): PipelineStatus {
  if (status !== 'completed') {
    return status === 'in_progress' ? 'running' : 'queued';
  }
  switch (conclusion) {
    case 'success':
      return 'succeeded';
    case 'failure':
    case 'timed_out':
    case 'startup_failure':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

export function pipelineRunOfGithub(
  run: GithubWorkflowRun,
  jobs: GithubJob[],
  provider: string,
): PipelineRun {
  const status = githubStatus(run.status, run.conclusion);
  const startedAt = run.run_started_at ?? run.created_at;
  const finishedAt = run.status === 'completed' ? run.updated_at : undefined;
  return {
    provider,
    id: String(run.id),
    name: run.name ?? run.display_title ?? `run ${run.id}`,
    status,
    branch: run.head_branch ?? undefined,
    commit: run.head_sha,
    actor: run.triggering_actor?.login ?? run.actor?.login,
    queuedAt: run.created_at,
    startedAt,
    finishedAt,
    durationMs: finishedAt
      ? Date.parse(finishedAt) - Date.parse(startedAt)
      : undefined,
    url: run.html_url,
    stages: jobs.map(job => ({
      id: String(job.id),
      name: job.name,
      status: githubStatus(job.status, job.conclusion),
      startedAt: job.started_at ?? undefined,
      finishedAt: job.completed_at ?? undefined,
      url: job.html_url ?? undefined,
    })),
  };
}
