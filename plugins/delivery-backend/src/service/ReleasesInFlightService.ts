import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DELIVERY_ANNOTATIONS,
  ReleaseInFlight,
  ReleasesInFlightResponse,
  RolloutPhase,
} from '@internal/plugin-delivery-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { releaseRevisions } from '../clusters/releaseRevisions';
import { RolloutInformerCache } from '../clusters/RolloutInformerCache';
import { Rollout } from '../rollouts/kubernetesTypes';
import {
  canaryStepsOf,
  currentSetWeight,
  isFullyPromoted,
  phaseOf,
  strategyOf,
} from '../rollouts/rolloutState';

/** Most urgent first on the Releases page. */
const PHASE_ORDER: RolloutPhase[] = [
  'Degraded',
  'Paused',
  'Progressing',
  'Unknown',
  'Healthy',
];

function ownerRefOf(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) {
    return undefined;
  }
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
}

function belongsTo(entity: Entity, cluster: string, rollout: Rollout) {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[DELIVERY_ANNOTATIONS.kubernetesNamespace];
  const onlyCluster = annotations[DELIVERY_ANNOTATIONS.kubernetesCluster];
  return (
    (!namespace || namespace === rollout.metadata.namespace) &&
    (!onlyCluster || onlyCluster === cluster)
  );
}

/**
 * Every Rollout in the catalog that is not Healthy: all Rollouts carrying the
 * `backstage.io/kubernetes-id` label in each cluster's watch-fed cache,
 * matched to the catalog entities with that annotation.
 */
export class ReleasesInFlightService {
  readonly #catalog: CatalogService;
  readonly #clusters: ClusterRegistry;
  readonly #cache: RolloutInformerCache;

  constructor(options: {
    catalog: CatalogService;
    clusters: ClusterRegistry;
    cache: RolloutInformerCache;
  }) {
    this.#catalog = options.catalog;
    this.#clusters = options.clusters;
    this.#cache = options.cache;
  }

  async list(
    filter: { owner?: string; phase?: RolloutPhase },
    credentials: BackstageCredentials,
  ): Promise<ReleasesInFlightResponse> {
    const idAnnotation = DELIVERY_ANNOTATIONS.kubernetesId;
    const [{ items: entities }, clusterResults] = await Promise.all([
      this.#catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${idAnnotation}`]: CATALOG_FILTER_EXISTS,
          },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'metadata.annotations',
            'spec.owner',
          ],
        },
        { credentials },
      ),
      Promise.all(
        this.#clusters.all().map(async client => {
          try {
            const cache = this.#cache.cluster(client.name);
            const rollouts = await cache.listRollouts({
              labelSelector: idAnnotation,
            });
            return { cluster: client.name, rollouts, cache };
          } catch (error) {
            return { cluster: client.name, error: error as Error };
          }
        }),
      ),
    ]);

    const entitiesById = new Map<string, Entity[]>();
    for (const entity of entities) {
      const id = entity.metadata.annotations?.[idAnnotation];
      if (id) {
        entitiesById.set(id, [...(entitiesById.get(id) ?? []), entity]);
      }
    }
    const ownerFilter = filter.owner
      ? stringifyEntityRef(
          parseEntityRef(filter.owner, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        )
      : undefined;

    const items: ReleaseInFlight[] = [];
    const clusterErrors: ReleasesInFlightResponse['clusterErrors'] = [];
    const staleClusters: NonNullable<
      ReleasesInFlightResponse['staleClusters']
    > = [];
    for (const result of clusterResults) {
      if ('error' in result) {
        clusterErrors.push({
          cluster: result.cluster,
          message: result.error!.message,
        });
        continue;
      }
      const health = result.cache.health();
      if (health.staleSince) {
        staleClusters.push({
          cluster: result.cluster,
          since: health.staleSince.toISOString(),
          message: health.error ?? 'changes are not arriving',
        });
      }
      for (const rollout of result.rollouts) {
        const phase = phaseOf(rollout);
        if (phase === 'Healthy' || (filter.phase && phase !== filter.phase)) {
          continue;
        }
        const id = rollout.metadata.labels?.[idAnnotation] ?? '';
        for (const entity of entitiesById.get(id) ?? []) {
          const owner = ownerRefOf(entity);
          if (
            !belongsTo(entity, result.cluster, rollout) ||
            (ownerFilter && owner !== ownerFilter)
          ) {
            continue;
          }
          const steps = canaryStepsOf(rollout);
          const canary = strategyOf(rollout) === 'canary';
          items.push({
            entityRef: stringifyEntityRef(entity),
            title: entity.metadata.title,
            owner,
            cluster: result.cluster,
            namespace: rollout.metadata.namespace ?? '',
            rollout: rollout.metadata.name ?? '',
            strategy: strategyOf(rollout),
            phase,
            message:
              phase === 'Unknown'
                ? undefined
                : rollout.status?.message || undefined,
            currentStepIndex: canary
              ? rollout.status?.currentStepIndex
              : undefined,
            totalSteps: canary && steps.length > 0 ? steps.length : undefined,
            canaryWeight:
              canary && !isFullyPromoted(rollout)
                ? currentSetWeight(rollout)
                : undefined,
            aborted: Boolean(rollout.status?.abort),
            ...releaseRevisions(result.cache, rollout),
          });
        }
      }
    }
    items.sort(
      (a, b) =>
        PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase) ||
        a.entityRef.localeCompare(b.entityRef) ||
        a.cluster.localeCompare(b.cluster),
    );
    await this.#addOwnerTitles(items, credentials);
    return { items, clusterErrors, staleClusters };
  }

  /** Owners by their display names, as the table's links show them. */
  async #addOwnerTitles(
    items: ReleaseInFlight[],
    credentials: BackstageCredentials,
  ) {
    const refs = [
      ...new Set(items.map(i => i.owner).filter((o): o is string => !!o)),
    ];
    if (refs.length === 0) return;
    const { items: owners } = await this.#catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['metadata.title', 'spec.profile.displayName'],
      },
      { credentials },
    );
    const titles = new Map<string, string>();
    owners.forEach((owner, index) => {
      const profile = (owner?.spec as { profile?: { displayName?: unknown } })
        ?.profile;
      const title =
        owner?.metadata?.title ??
        (typeof profile?.displayName === 'string'
          ? profile.displayName
          : undefined);
      if (title) titles.set(refs[index], title);
    });
    for (const item of items) {
      const title = item.owner && titles.get(item.owner);
      if (title) item.ownerTitle = title;
    }
  }
}
