import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  CicdProvider,
  CicdProviderUnavailableError,
  CicdSummary,
  Deployment,
  PipelineRun,
  ProviderState,
} from '@internal/plugin-delivery-node';
import {
  CDEVENTS_PROVIDER,
  deploymentOf,
  foldPipelineRuns,
} from './foldPipelineRuns';
import { CicdEventStore } from './store/CicdEventStore';

const RECENT_RUNS = 20;

interface CachedRuns {
  runs: PipelineRun[];
  fetchedAt: string;
}

/**
 * Per entity: its latest runs from CDEvents and from every provider that
 * supports it, the latest run per branch, and what is deployed where. A
 * provider that cannot answer now leaves its last answer in place, marked
 * stale with the reason.
 */
export class CicdSummaryService {
  private readonly lastGood = new Map<string, CachedRuns>();

  constructor(
    private readonly options: {
      store: CicdEventStore;
      providers: CicdProvider[];
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  async summarize(entity: Entity): Promise<CicdSummary> {
    const entityRef = stringifyEntityRef(entity);
    const [eventRuns, deployed, fromProviders] = await Promise.all([
      this.eventRuns(entityRef),
      this.deployments(entityRef),
      Promise.all(
        this.options.providers
          .filter(p => p.supportsEntity(entity))
          .map(p => this.providerRuns(p, entity, entityRef)),
      ),
    ]);

    const providers: ProviderState[] = [
      { provider: CDEVENTS_PROVIDER, stale: false },
      ...fromProviders.map(r => r.state),
    ];
    const allRuns = [...eventRuns, ...fromProviders.flatMap(r => r.runs)].sort(
      (a, b) => startOf(b).localeCompare(startOf(a)),
    );
    const latestByBranch = new Map<string, PipelineRun>();
    for (const run of allRuns) {
      const branch = `${run.provider} ${run.name} ${run.branch ?? ''}`;
      if (!latestByBranch.has(branch)) latestByBranch.set(branch, run);
    }
    return {
      entityRef,
      recentRuns: allRuns.slice(0, RECENT_RUNS),
      latestRunsByBranch: [...latestByBranch.values()],
      deployedByEnvironment: deployed,
      providers,
    };
  }

  /** The provider for re-running a run, or 404. */
  providerFor(entity: Entity, providerId: string): CicdProvider {
    const provider = this.options.providers.find(p => p.id === providerId);
    if (!provider || !provider.supportsEntity(entity)) {
      throw new NotFoundError(
        `No CI/CD provider '${providerId}' reports runs of ${stringifyEntityRef(
          entity,
        )}`,
      );
    }
    return provider;
  }

  private async eventRuns(entityRef: string): Promise<PipelineRun[]> {
    const { store } = this.options;
    const keys = await store.latestRunKeys(entityRef, RECENT_RUNS);
    return foldPipelineRuns(await store.listForRuns(keys));
  }

  private async deployments(entityRef: string): Promise<Deployment[]> {
    const { store } = this.options;
    const latest = await store.latestDeployments(entityRef);
    const deployments = await Promise.all(
      latest
        .filter(e => e.type !== 'service.removed')
        .map(async e => deploymentOf(e, await store.findRunKeyFor(e))),
    );
    return deployments.sort(byEnvironment);
  }

  private async providerRuns(
    provider: CicdProvider,
    entity: Entity,
    entityRef: string,
  ): Promise<{ runs: PipelineRun[]; state: ProviderState }> {
    const key = `${provider.id} ${entityRef}`;
    try {
      const { runs } = await provider.listRuns(entity, { limit: RECENT_RUNS });
      const fetchedAt = new Date(
        (this.options.now ?? Date.now)(),
      ).toISOString();
      this.lastGood.set(key, { runs, fetchedAt });
      return {
        runs: runs.map(r => ({ ...r, entityRef })),
        state: { provider: provider.id, stale: false, fetchedAt },
      };
    } catch (error) {
      const cached = this.lastGood.get(key);
      const unavailable = error instanceof CicdProviderUnavailableError;
      if (!unavailable && !(error instanceof NotFoundError)) {
        this.options.logger.warn(
          `CI/CD provider ${provider.id} failed for ${entityRef}: ${error}`,
        );
      }
      return {
        runs: cached?.runs ?? [],
        state: {
          provider: provider.id,
          stale: true,
          message: (error as Error).message,
          fetchedAt: cached?.fetchedAt,
          retryAt: unavailable ? error.retryAt?.toISOString() : undefined,
        },
      };
    }
  }
}

function startOf(run: PipelineRun): string {
  return run.startedAt ?? run.queuedAt ?? run.finishedAt ?? '';
}

/** Staging before production, others by name between them. */
function byEnvironment(a: Deployment, b: Deployment): number {
  const rank = (e: string) => {
    if (/stag/i.test(e)) return 0;
    return /prod/i.test(e) ? 2 : 1;
  };
  return (
    rank(a.environment) - rank(b.environment) ||
    a.environment.localeCompare(b.environment)
  );
}
