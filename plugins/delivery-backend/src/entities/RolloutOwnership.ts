import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DELIVERY_ANNOTATIONS } from '@internal/plugin-delivery-common';
import { RolloutObjectSource } from '../clusters/RolloutObjectSource';
import { Rollout } from '../rollouts/kubernetesTypes';
import { EntityRolloutQuery, entityRolloutQuery } from './entityRolloutQuery';

function queryOf(entity: Entity): EntityRolloutQuery | undefined {
  try {
    return entityRolloutQuery(entity);
  } catch {
    return undefined;
  }
}

function canonicalRef(ref: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Decides whether the entity an action is taken through really is the one
 * a Rollout belongs to. Release rights follow the entity (its owner), and a
 * catalog entity only claims workloads by annotations, so a second entity
 * claiming the same Rollout must not be a way to act on it.
 */
export class RolloutOwnership {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;

  constructor(options: { catalog: CatalogService; auth: AuthService }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
  }

  /**
   * Refuses (403) when the Rollout names another owning entity, and (409)
   * when it names none and more than one entity in the catalog claims it.
   */
  async assertActingThroughOwner(
    entityRef: string,
    cluster: string,
    rollout: Rollout,
    client: RolloutObjectSource,
  ): Promise<void> {
    const namespace = rollout.metadata.namespace ?? 'default';
    const name = `${namespace}/${rollout.metadata.name} in cluster '${cluster}'`;
    const annotated =
      rollout.metadata.annotations?.[DELIVERY_ANNOTATIONS.owningEntity];
    if (annotated) {
      const owner = canonicalRef(annotated);
      if (owner !== entityRef) {
        throw new NotAllowedError(
          `Rollout ${name} belongs to ${annotated} (annotation '${DELIVERY_ANNOTATIONS.owningEntity}'), not to ${entityRef}; act on it through ${annotated}`,
        );
      }
      return;
    }
    const claimants = await this.claimantsOf(cluster, rollout, client);
    if (claimants.length > 1) {
      throw new ConflictError(
        `Rollout ${name} is claimed by more than one catalog entity (${claimants.join(
          ', ',
        )}), so it is not clear whose owners may act on it; remove the kubernetes annotations from the entities it does not belong to, or set the annotation '${
          DELIVERY_ANNOTATIONS.owningEntity
        }' on the Rollout`,
      );
    }
  }

  /** Every catalog entity whose kubernetes annotations select the Rollout. */
  async claimantsOf(
    cluster: string,
    rollout: Rollout,
    client: RolloutObjectSource,
  ): Promise<string[]> {
    const namespace = rollout.metadata.namespace ?? 'default';
    const id = rollout.metadata.labels?.[DELIVERY_ANNOTATIONS.kubernetesId];
    // Every entity is looked at, whoever asks: an entity the caller cannot
    // read still claims the Rollout.
    const credentials = await this.#auth.getOwnServiceCredentials();
    const { items } = await this.#catalog.getEntities(
      {
        filter: [
          ...(id
            ? [
                {
                  [`metadata.annotations.${DELIVERY_ANNOTATIONS.kubernetesId}`]:
                    id,
                },
              ]
            : []),
          {
            [`metadata.annotations.${DELIVERY_ANNOTATIONS.kubernetesLabelSelector}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const claimants: string[] = [];
    for (const entity of items) {
      const query = queryOf(entity);
      if (
        !query ||
        (query.cluster && query.cluster !== cluster) ||
        (query.namespace && query.namespace !== namespace)
      ) {
        continue;
      }
      if (
        id &&
        query.labelSelector === `${DELIVERY_ANNOTATIONS.kubernetesId}=${id}`
      ) {
        claimants.push(stringifyEntityRef(entity));
        continue;
      }
      // The cluster applies any other selector, so its syntax is matched
      // exactly.
      const selected = await client.findRollout(
        namespace,
        rollout.metadata.name ?? '',
        query.labelSelector,
      );
      if (selected) {
        claimants.push(stringifyEntityRef(entity));
      }
    }
    return claimants.sort();
  }
}
