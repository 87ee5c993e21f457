import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  KustomizeBuildError,
  KustomizeCommand,
  kustomizeBuild,
} from '@internal/kustomize';
import { Clock } from '../util/clock';
import { gitText, runGit } from '../githost/gitCommand';
import { ZERO_SHA } from '../githost/gitReader';
import { PushEvent } from '../githost/gitTransport';
import { Cluster } from '../k8s/cluster';
import { KubeObject } from '../k8s/types';
import { applyManifests } from './applyManifests';
import { CdEventSender } from './cdEvents';
import {
  pipelineRunFinished,
  pipelineRunStarted,
  serviceDeployed,
  taskRunFinished,
  taskRunStarted,
} from './pipelineEvents';
import { pinOverlayImages, pinWorkloadImages } from './pinImage';
import { PipelineRun, PipelineRunStore, PipelineStage } from './pipelineRuns';

/** Where the simulated builds "push" their images. */
export const IMAGE_REGISTRY = 'registry.acme.example';

/** Simulated seconds a build takes (divided by the speed factor). */
export const BUILD_SECONDS = 20;

type StageEnd = 'succeeded' | 'skipped';

const OVERLAY_FILE =
  /^deploy\/overlays\/([^/]+)\/(kustomization\.ya?ml|Kustomization)$/;

/** Deployment order: staging before production, any others after, by name. */
function environmentOrder(envs: string[]): string[] {
  const ranks: Record<string, number> = { staging: 0, production: 2 };
  const rank = (e: string) => ranks[e] ?? 1;
  return [...new Set(envs)].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
}

export interface PipelineRunnerOptions {
  clusters: Map<string, Cluster>;
  clock: Clock;
  /** kubectl executable used for `kubectl kustomize`. */
  kubectl: string;
  events: CdEventSender;
  /** URL of a run on the control API (known once it listens). */
  runUrl: (id: string) => string;
  /** Web address of a repository (`owner/name`) on the git host. */
  repoWebUrl?: (repo: string) => string;
  logger: { info(message: string): void; warn(message: string): void };
}

/**
 * The sandbox's CI/CD: a push that moves a repository's default branch to a
 * commit with `deploy/overlays/<env>/kustomization.yaml` runs checkout,
 * build (an image name, no container build), render (kubectl kustomize with
 * the image pinned) and one deploy per overlay into the sandbox cluster of
 * the same name, reporting CDEvents on the way. Runs of one repository are
 * queued behind each other, like a workflow's concurrency group.
 */
export class PipelineRunner {
  readonly runs = new PipelineRunStore();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(private readonly options: PipelineRunnerOptions) {}

  /** Push listener for the git host. */
  handlePush(event: PushEvent): void {
    const update = event.updates.find(
      u =>
        u.ref === `refs/heads/${event.defaultBranch}` && u.after !== ZERO_SHA,
    );
    if (!update || this.abort.signal.aborted) return;
    const repo = `${event.owner}/${event.repo}`;
    const previous = this.queues.get(repo) ?? Promise.resolve();
    const next = previous
      .then(() => this.runFor(event, update.ref, update.after))
      .catch(error =>
        this.options.logger.warn(
          `pipeline for ${repo} failed to run: ${error?.stack ?? error}`,
        ),
      );
    this.queues.set(repo, next);
    next.then(() => {
      if (this.queues.get(repo) === next) this.queues.delete(repo);
    });
  }

  /** Resolves once every queued run has finished and its events were sent. */
  async whenIdle(): Promise<void> {
    while (this.queues.size) {
      await Promise.all(this.queues.values());
    }
    await this.options.events.flushed();
  }

  /** Cancels running pipelines (their runs fail) and waits for them. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.queues.values());
  }

  private async runFor(event: PushEvent, ref: string, sha: string) {
    if (this.abort.signal.aborted) return;
    const files = await gitText(
      ['ls-tree', '-r', '--name-only', sha, '--', 'deploy/overlays'],
      { gitDir: event.gitDir },
    );
    const environments = environmentOrder(
      files
        .split('\n')
        .map(f => OVERLAY_FILE.exec(f)?.[1])
        .filter((e): e is string => !!e),
    );
    if (!environments.length) return;
    const run = this.runs.create(
      {
        repo: `${event.owner}/${event.repo}`,
        ref,
        sha,
        pusher: event.pusher,
        environments,
      },
      this.options.runUrl,
    );
    if (this.options.repoWebUrl) {
      run.eventSource = `${this.options.repoWebUrl(run.repo)}/actions/runs/${
        run.id
      }`;
    }
    this.options.logger.info(
      `pipeline run ${run.id} for ${run.repo}@${sha.slice(0, 7)} started`,
    );
    await this.execute(run, event);
  }

  private async execute(run: PipelineRun, event: PushEvent): Promise<void> {
    const { events, logger } = this.options;
    events.send(pipelineRunStarted(run));
    const workDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'portal-sandbox-ci-'),
    );
    let current: PipelineStage | undefined;
    const stage = async (
      name: string,
      body: (s: PipelineStage) => Promise<StageEnd | void>,
    ) => {
      current = this.runs.stage(run, name);
      this.runs.start(current);
      events.send(taskRunStarted(run, current));
      const end = await body(current);
      this.runs.finish(current, end ?? 'succeeded');
      events.send(taskRunFinished(run, current));
    };
    try {
      await stage('checkout', s =>
        this.checkout(run, event.gitDir, workDir, s),
      );
      await stage('build', s => this.build(run, event.repo, s));
      const rendered = new Map<string, KubeObject[]>();
      await stage('render', s => this.render(run, workDir, rendered, s));
      for (const env of run.environments) {
        await stage(`deploy-${env}`, s =>
          this.deploy(run, env, rendered.get(env)!, s),
        );
      }
      this.runs.complete(run, 'succeeded');
      logger.info(`pipeline run ${run.id} for ${run.repo} succeeded`);
      events.send(pipelineRunFinished(run, 'success'));
    } catch (error) {
      const stopped = this.abort.signal.aborted;
      const message = stopped
        ? 'the sandbox stopped'
        : (error as Error)?.message ?? String(error);
      if (current?.status === 'running') {
        this.runs.log(current, `error: ${message}`);
        this.runs.finish(current, 'failed');
        events.send(taskRunFinished(run, current));
      }
      this.runs.complete(run, 'failed');
      logger.warn(`pipeline run ${run.id} for ${run.repo} failed: ${message}`);
      events.send(
        pipelineRunFinished(run, stopped ? 'error' : 'failure', message),
      );
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }

  private async checkout(
    run: PipelineRun,
    gitDir: string,
    workDir: string,
    stage: PipelineStage,
  ) {
    await runGit(['clone', '--quiet', '--no-checkout', gitDir, workDir]);
    await runGit(['checkout', '--quiet', '--detach', run.sha], {
      cwd: workDir,
    });
    this.runs.log(stage, `checked out ${run.repo} at ${run.sha}`);
  }

  /** No container build: the image name is recorded after the build's simulated duration. */
  private async build(
    run: PipelineRun,
    repoName: string,
    stage: PipelineStage,
  ) {
    const image = `${IMAGE_REGISTRY}/${repoName.toLowerCase()}:${run.sha.slice(
      0,
      7,
    )}`;
    this.runs.log(stage, `building ${image}`);
    await sleep(this.options.clock.scaled(BUILD_SECONDS), undefined, {
      signal: this.abort.signal,
    });
    run.image = image;
    this.runs.log(stage, `pushed ${image}`);
  }

  private async render(
    run: PipelineRun,
    workDir: string,
    rendered: Map<string, KubeObject[]>,
    stage: PipelineStage,
  ) {
    for (const env of run.environments) {
      const dir = path.join(workDir, 'deploy', 'overlays', env);
      const pinned = pinOverlayImages(dir, run.image!);
      const objects = (await kustomizeBuild(
        KustomizeCommand.of(`${this.options.kubectl} kustomize`),
        dir,
      ).catch(e => {
        throw e instanceof KustomizeBuildError
          ? new Error(
              `kubectl kustomize deploy/overlays/${env} failed: ${e.message}`,
            )
          : e;
      })) as KubeObject[];
      if (!pinned) pinWorkloadImages(objects, run.image!);
      this.runs.log(
        stage,
        `deploy/overlays/${env}: ${
          objects.length
        } objects (kubectl kustomize), image set ${
          pinned ? 'in the overlay' : 'on the workloads'
        }`,
      );
      rendered.set(env, objects);
    }
  }

  private async deploy(
    run: PipelineRun,
    env: string,
    objects: KubeObject[],
    stage: PipelineStage,
  ): Promise<StageEnd> {
    const cluster = this.options.clusters.get(env);
    if (!cluster) {
      this.runs.log(stage, `no sandbox cluster named "${env}": not deployed`);
      return 'skipped';
    }
    const outcome = applyManifests(cluster, objects);
    for (const line of outcome.lines) this.runs.log(stage, line);
    for (const kind of outcome.skipped)
      this.runs.log(
        stage,
        `skipped ${kind}: the sandbox does not serve this kind`,
      );
    const workload = outcome.applied.find(o =>
      ['Rollout', 'Deployment'].includes(o.kind),
    );
    this.options.events.send(
      serviceDeployed(
        run,
        env,
        workload?.metadata.labels?.['backstage.io/kubernetes-id'],
      ),
    );
    return 'succeeded';
  }
}
