import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { catalogEntities } from '../__testUtils__/catalogEntities';
import {
  DeliveryTestBackend,
  USERS,
  startDeliveryTestBackend,
} from '../__testUtils__/deliveryTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { ReleaseHistoryStore } from '../history/ReleaseHistoryStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.ids)('GET /history on %s', databaseId => {
  let backend: DeliveryTestBackend;

  afterEach(() => backend?.stop());

  it('leaves out the history of entities the caller cannot see in the catalog', async () => {
    const knex = await databases.init(databaseId);
    const store = await ReleaseHistoryStore.create({
      database: mockServices.database({ knex }),
    });
    for (const entityRef of [
      'component:default/cart-api',
      'component:default/retired-service',
    ]) {
      const reservation = await store.reserve({
        entityRef,
        cluster: 'production',
        namespace: 'checkout',
        rollout: entityRef.split('/')[1],
        action: 'abort',
        actor: USERS.checkout,
      });
      if (!reservation.reserved) throw new Error('not reserved');
      await store.complete(reservation.id, { outcome: 'succeeded' });
    }
    // The catalog no longer holds retired-service (or hides it from this user).
    backend = await startDeliveryTestBackend({
      knex,
      clusters: {},
      entities: catalogEntities(),
    });

    const res = await request(backend.server)
      .get('/api/delivery/history')
      .set('Authorization', mockCredentials.user.header(USERS.checkout));
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['component:default/cart-api']);
  });
});
