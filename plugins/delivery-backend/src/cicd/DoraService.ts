import { DoraComparison } from '@internal/plugin-delivery-common';
import { Knex } from 'knex';
import { queryDora } from './store/doraQueries';

const DAY_MS = 86_400_000;

/** The entity's DORA figures over a window, beside the window before it. */
export class DoraService {
  constructor(
    private readonly options: {
      knex: Knex;
      productionEnvironments: string[];
      now?: () => number;
    },
  ) {}

  async compare(entityRef: string, days: number): Promise<DoraComparison> {
    const to = (this.options.now ?? Date.now)();
    const from = to - days * DAY_MS;
    const query = (start: number, end: number) =>
      queryDora(this.options.knex, {
        entityRef,
        from: start,
        to: end,
        productionEnvironments: this.options.productionEnvironments,
      });
    const [current, previous] = await Promise.all([
      query(from, to),
      query(from - days * DAY_MS, from),
    ]);
    return { entityRef, days, current, previous };
  }
}
