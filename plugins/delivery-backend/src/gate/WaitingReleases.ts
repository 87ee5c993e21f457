import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DELIVERY_ANNOTATIONS,
  WaitingRelease,
} from '@internal/plugin-delivery-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { Rollout } from '../rollouts/kubernetesTypes';
import { gatePositionOf, isWaitingAtGate } from './gatePosition';

/**
 * The releases waiting at a gate in every gated cluster: Rollouts carrying
 * the `backstage.io/kubernetes-id` label, paused at their gate step, matched
 * to the catalog entities the caller may see. Each is the API's
 * `WaitingRelease`; `since` is when the pause began.
 */
export class WaitingReleases {
  readonly #catalog: CatalogService;
  readonly #clusters: ClusterRegistry;
  readonly #environments: string[];

  constructor(options: {
    catalog: CatalogService;
    clusters: ClusterRegistry;
    environments: string[];
  }) {
    this.#catalog = options.catalog;
    this.#clusters = options.clusters;
    this.#environments = options.environments;
  }

  async list(credentials: BackstageCredentials): Promise<WaitingRelease[]> {
    const idAnnotation = DELIVERY_ANNOTATIONS.kubernetesId;
    const clusters = this.#environments.filter(c => this.#clusters.has(c));
    const waiting: Array<{ cluster: string; rollout: Rollout }> = [];
    for (const cluster of clusters) {
      const rollouts = await this.#clusters
        .get(cluster)
        .listRollouts({ labelSelector: idAnnotation });
      for (const rollout of rollouts) {
        const position = gatePositionOf(rollout);
        if (position && isWaitingAtGate(rollout, position)) {
          waiting.push({ cluster, rollout });
        }
      }
    }
    if (waiting.length === 0) return [];
    const { items: entities } = await this.#catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${idAnnotation}`]: CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.owner',
        ],
      },
      { credentials },
    );
    const byId = new Map<string, Entity[]>();
    for (const entity of entities) {
      const id = entity.metadata.annotations?.[idAnnotation];
      if (id) byId.set(id, [...(byId.get(id) ?? []), entity]);
    }
    const items: WaitingRelease[] = [];
    for (const { cluster, rollout } of waiting) {
      const id = rollout.metadata.labels?.[idAnnotation] ?? '';
      for (const entity of byId.get(id) ?? []) {
        const annotations = entity.metadata.annotations ?? {};
        const ns = annotations[DELIVERY_ANNOTATIONS.kubernetesNamespace];
        const only = annotations[DELIVERY_ANNOTATIONS.kubernetesCluster];
        if (
          (ns && ns !== rollout.metadata.namespace) ||
          (only && only !== cluster)
        ) {
          continue;
        }
        items.push({
          entityRef: stringifyEntityRef(entity),
          owner: (entity.spec as { owner?: string } | undefined)?.owner,
          cluster,
          namespace: rollout.metadata.namespace ?? '',
          rollout: rollout.metadata.name ?? '',
          podTemplateHash: rollout.status?.currentPodHash ?? '',
          since: rollout.status?.pauseConditions?.[0]?.startTime,
        });
      }
    }
    return items;
  }
}
