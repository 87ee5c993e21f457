import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ReleaseHistoryPage } from '@internal/plugin-delivery-common';
import {
  HistoryQuery,
  ReleaseHistoryStore,
} from '../history/ReleaseHistoryStore';

/**
 * The release history as one caller may see it: rows of entities the caller
 * cannot read in the catalog (not permitted, or since deleted) are left out,
 * so the history tells nobody about services hidden from them.
 */
export class ReleaseHistoryService {
  readonly #history: ReleaseHistoryStore;
  readonly #catalog: CatalogService;

  constructor(options: {
    history: ReleaseHistoryStore;
    catalog: CatalogService;
  }) {
    this.#history = options.history;
    this.#catalog = options.catalog;
  }

  async list(
    query: HistoryQuery,
    credentials: BackstageCredentials,
  ): Promise<ReleaseHistoryPage> {
    const page = await this.#history.list(query);
    const refs = [...new Set(page.items.map(item => item.entityRef))];
    if (refs.length === 0) {
      return page;
    }
    const { items } = await this.#catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: ['kind', 'metadata.name'] },
      { credentials },
    );
    const visible = new Set(refs.filter((_, index) => items[index]));
    // The cursor stays that of the unfiltered page, so paging goes on past
    // rows left out here.
    return {
      ...page,
      items: page.items.filter(item => visible.has(item.entityRef)),
    };
  }
}
