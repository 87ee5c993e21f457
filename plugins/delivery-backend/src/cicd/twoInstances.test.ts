import { mockCredentials } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import {
  DeliveryTestBackend,
  startDeliveryTestBackend,
} from '../__testUtils__/deliveryTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { CART_SOURCE, cdEvent } from './__fixtures__/cdEvents';
import { cicdEntities } from './__fixtures__/cicdEntities';
import { CICD_EVENTS_TABLE } from './store/CicdEventStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const postgres = databases.ids.filter(id => id !== 'SQLITE_3');

describe.each(postgres)('two backend instances on one %s', databaseId => {
  const backends: DeliveryTestBackend[] = [];
  const extra: Knex[] = [];
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(b => b.stop()));
    await Promise.all(extra.splice(0).map(k => k.destroy()));
  });

  it('store every event once when both receive it at the same time', async () => {
    const first = await databases.init(databaseId);
    // A second connection pool to the same database: another instance.
    const second = knexFactory({
      client: 'pg',
      connection: first.client.config.connection,
    });
    extra.push(second);
    for (const knex of [first, second]) {
      backends.push(
        await startDeliveryTestBackend({
          knex,
          clusters: {},
          entities: cicdEntities(),
        }),
      );
    }

    const events = Array.from({ length: 300 }, (_, i) =>
      cdEvent(
        'pipelinerun.started.0.2.0',
        { id: String(i), content: { pipelineName: 'ci', url: CART_SOURCE } },
        { source: `${CART_SOURCE}/actions/runs/${i}` },
      ),
    );
    // Overlapping batches, sent to both instances at once.
    const sends = [events.slice(0, 200), events.slice(100)].flatMap(batch =>
      backends.map(backend =>
        request(backend.unvalidatedServer)
          .post('/api/delivery/cdevents')
          .set('Authorization', mockCredentials.service.header())
          .set('Content-Type', 'application/cloudevents-batch+json')
          .send(JSON.stringify(batch)),
      ),
    );
    const results = await Promise.all(sends);
    expect(results.map(r => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.reduce((n, r) => n + r.body.stored, 0)).toBe(300);
    const [{ n }] = await first(CICD_EVENTS_TABLE).count({ n: '*' });
    expect(Number(n)).toBe(300);
    const [{ distinct }] = await first(CICD_EVENTS_TABLE).countDistinct({
      distinct: 'event_id',
    });
    expect(Number(distinct)).toBe(300);
  });
});
