import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ClusterRollouts,
  DELIVERY_ANNOTATIONS,
  EntityRolloutsResponse,
} from '@internal/plugin-delivery-common';
import { ActionAvailabilityService } from '../actions/ActionAvailabilityService';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ClusterRequestError } from '../clusters/ClusterRequestError';
import { RolloutInformerCache } from '../clusters/RolloutInformerCache';
import { entityRolloutQuery } from '../entities/entityRolloutQuery';
import { fetchEntity } from '../entities/fetchEntity';
import { RolloutReader } from '../rollouts/RolloutReader';
import { summarizeRollout } from '../rollouts/summarizeRollout';

/** The state of an entity's Rollouts in every cluster it runs in. */
export class RolloutStatusService {
  readonly #catalog: CatalogService;
  readonly #clusters: ClusterRegistry;
  readonly #cache: RolloutInformerCache;
  readonly #logger: LoggerService;
  readonly #availability: ActionAvailabilityService;

  constructor(options: {
    catalog: CatalogService;
    clusters: ClusterRegistry;
    cache: RolloutInformerCache;
    logger: LoggerService;
    /** What the caller may do to each rollout, and why not. */
    availability: ActionAvailabilityService;
  }) {
    this.#catalog = options.catalog;
    this.#clusters = options.clusters;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#availability = options.availability;
  }

  async getEntityRollouts(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityRolloutsResponse> {
    const entity = await fetchEntity(this.#catalog, ref, credentials);
    const entityRef = stringifyEntityRef(entity);
    const query = entityRolloutQuery(entity);

    if (query.cluster && !this.#clusters.has(query.cluster)) {
      return {
        entityRef,
        clusters: [
          {
            cluster: query.cluster,
            rollouts: [],
            error: {
              message: `Cluster '${query.cluster}' named by the ${DELIVERY_ANNOTATIONS.kubernetesCluster} annotation is not configured`,
            },
          },
        ],
      };
    }
    const caller = await this.#availability.forCaller(entity, credentials);
    const clients = query.cluster
      ? [this.#clusters.get(query.cluster)]
      : this.#clusters.all();

    // Each cluster answers on its own: one failing leaves the others' answers.
    const clusters = await Promise.all(
      clients.map(async (client): Promise<ClusterRollouts> => {
        try {
          // Display reads come from the watch-fed cache, not the cluster.
          const cache = this.#cache.cluster(client.name);
          const objects = await new RolloutReader(
            cache,
          ).readEntityRolloutObjects(query);
          const rollouts = await Promise.all(
            objects.map(async o => ({
              ...summarizeRollout(
                client.name,
                o.rollout,
                o.replicaSets,
                o.analysisRuns,
              ),
              actions: await caller.on(client.name, o, cache),
            })),
          );
          const { staleSince, error } = cache.health();
          return {
            cluster: client.name,
            rollouts,
            ...(staleSince && {
              stale: {
                since: staleSince.toISOString(),
                message: error ?? 'changes are not arriving',
              },
            }),
          };
        } catch (error) {
          if (!(error instanceof ClusterRequestError)) {
            this.#logger.error(
              `Reading rollouts of ${entityRef} from cluster '${client.name}' failed`,
              error as Error,
            );
          }
          return {
            cluster: client.name,
            rollouts: [],
            error: {
              message: (error as Error).message,
              statusCode:
                error instanceof ClusterRequestError ? error.statusCode : 500,
            },
          };
        }
      }),
    );
    return { entityRef, clusters };
  }
}
