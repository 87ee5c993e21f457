import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CDEVENTS_SOURCE_ANNOTATION,
  cdEventsSourcesOf,
} from '@internal/plugin-delivery-common';
import { CicdEventStore } from './store/CicdEventStore';

/** How long a read of the catalog's annotations is used before reading again. */
const REFRESH_AFTER_MS = 30_000;

/**
 * Which entity a CDEvent belongs to, by the source prefixes the entities
 * declare in their `platform-portal/cdevents-source` annotation. The
 * catalog is read at most every 30 seconds; when an entity's prefixes
 * appear, events that arrived before are tied to it.
 */
export class CdEventEntityIndex {
  private prefixes: Array<{ prefix: string; entityRef: string }> = [];
  private loadedAt = 0;
  private loading?: Promise<void>;
  private readonly claimed = new Set<string>();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      store: CicdEventStore;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  /** The entity the source belongs to: the longest matching prefix wins. */
  async entityFor(source: string): Promise<string | undefined> {
    await this.refreshIfStale();
    return this.lookup(source);
  }

  lookup(source: string): string | undefined {
    for (const { prefix, entityRef } of this.prefixes) {
      if (source === prefix || source.startsWith(`${prefix}/`)) {
        return entityRef;
      }
    }
    return undefined;
  }

  /** Reads the catalog again now, e.g. before listing unmatched events. */
  async refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Reads the catalog again when the last read is older than 30 seconds. */
  async refreshIfStale(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (now - this.loadedAt > REFRESH_AFTER_MS) {
      await this.refresh();
    }
  }

  private async load() {
    const { catalog, auth, store, logger } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${CDEVENTS_SOURCE_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const prefixes = items.flatMap(entity => {
      const entityRef = stringifyEntityRef(entity);
      return cdEventsSourcesOf(entity).map(prefix => ({ prefix, entityRef }));
    });
    prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    this.prefixes = prefixes;
    this.loadedAt = (this.options.now ?? Date.now)();

    for (const { prefix, entityRef } of prefixes) {
      const key = `${entityRef} ${prefix}`;
      if (this.claimed.has(key)) continue;
      const count = await store.claimUnmatched(entityRef, [prefix]);
      this.claimed.add(key);
      if (count > 0) {
        logger.info(
          `Tied ${count} earlier CDEvents from ${prefix} to ${entityRef}`,
        );
      }
    }
  }
}
