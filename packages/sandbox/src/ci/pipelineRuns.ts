export type StageStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'skipped';

export interface PipelineStage {
  /** `checkout`, `build`, `render`, then `deploy-<environment>` per overlay. */
  name: string;
  status: StageStatus;
  startedAt?: string;
  finishedAt?: string;
  log: string[];
}

/** One run of the simulated CI/CD pipeline for a push to a default branch. */
export interface PipelineRun {
  /** Sequential, like a CI system's run numbers. */
  id: string;
  /** `owner/name` on the git host. */
  repo: string;
  ref: string;
  sha: string;
  pusher: string;
  status: 'running' | 'succeeded' | 'failed';
  /** The image the build stage recorded, `registry.acme.example/<repo>:<short sha>`. */
  image?: string;
  /** Overlays found under deploy/overlays, in deployment order. */
  environments: string[];
  url: string;
  /**
   * The CDEvents source of its events: where GitHub Actions would put it,
   * `<repository web address>/actions/runs/<id>`; `url` when unknown.
   */
  eventSource?: string;
  createdAt: string;
  finishedAt?: string;
  stages: PipelineStage[];
}

const MAX_RUNS = 500;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The pipeline runs the sandbox remembers (in memory, the newest
 * {@link MAX_RUNS}), and the bookkeeping of stage states and logs.
 */
export class PipelineRunStore {
  private readonly runs: PipelineRun[] = [];
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  create(
    fields: Pick<
      PipelineRun,
      'repo' | 'ref' | 'sha' | 'pusher' | 'environments'
    >,
    url: (id: string) => string,
  ): PipelineRun {
    const id = String(this.nextId++);
    const stageNames = [
      'checkout',
      'build',
      'render',
      ...fields.environments.map(env => `deploy-${env}`),
    ];
    const run: PipelineRun = {
      id,
      ...fields,
      status: 'running',
      url: url(id),
      createdAt: iso(this.now()),
      stages: stageNames.map(name => ({ name, status: 'pending', log: [] })),
    };
    this.runs.push(run);
    if (this.runs.length > MAX_RUNS) this.runs.shift();
    return run;
  }

  list(repo?: string): PipelineRun[] {
    const wanted = repo?.toLowerCase();
    return this.runs
      .filter(r => !wanted || r.repo.toLowerCase() === wanted)
      .slice()
      .reverse();
  }

  get(id: string): PipelineRun | undefined {
    return this.runs.find(r => r.id === id);
  }

  stage(run: PipelineRun, name: string): PipelineStage {
    const stage = run.stages.find(s => s.name === name);
    if (!stage) throw new Error(`run ${run.id} has no stage ${name}`);
    return stage;
  }

  start(stage: PipelineStage): void {
    stage.status = 'running';
    stage.startedAt = iso(this.now());
  }

  log(stage: PipelineStage, line: string): void {
    stage.log.push(`${iso(this.now())} ${line}`);
  }

  finish(stage: PipelineStage, status: 'succeeded' | 'failed' | 'skipped') {
    stage.status = status;
    stage.startedAt ??= iso(this.now());
    stage.finishedAt = iso(this.now());
  }

  /** Ends the run; stages that never started are marked skipped. */
  complete(run: PipelineRun, status: 'succeeded' | 'failed'): void {
    for (const stage of run.stages) {
      if (stage.status === 'pending') this.finish(stage, 'skipped');
    }
    run.status = status;
    run.finishedAt = iso(this.now());
  }
}
