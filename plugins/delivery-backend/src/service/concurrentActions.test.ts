import { mockCredentials } from '@backstage/backend-test-utils';
import {
  DeliveryAction,
  ReleaseRecord,
} from '@internal/plugin-delivery-common';
import { Sandbox } from '@internal/sandbox';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { singlyClaimedEntities } from '../__testUtils__/catalogEntities';
import {
  DeliveryTestBackend,
  startDeliveryTestBackend,
  USERS,
} from '../__testUtils__/deliveryTestBackend';
import { startActionSandbox } from '../__testUtils__/sandboxClient';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** As many identical requests as a script or an impatient crowd sends. */
const CROWD = 30;

/** A rollout of the fresh sandbox in a state where the action applies. */
const TARGETS: Record<
  DeliveryAction,
  { entity: string; namespace: string; user: string }
> = {
  promote: {
    entity: 'product-catalog',
    namespace: 'storefront',
    user: USERS.storefront,
  },
  promoteFull: {
    entity: 'payments-api',
    namespace: 'checkout',
    user: USERS.checkout,
  },
  abort: { entity: 'cart-api', namespace: 'checkout', user: USERS.checkout },
  retry: {
    entity: 'shipping-api',
    namespace: 'fulfilment',
    user: USERS.fulfilment,
  },
  rollback: {
    entity: 'product-catalog',
    namespace: 'storefront',
    user: USERS.storefront,
  },
};

const NOT_GATED = { delivery: { gate: { environments: [] } } };

function send(
  backend: DeliveryTestBackend,
  action: DeliveryAction,
  idempotencyKey?: string,
) {
  const { entity, namespace, user } = TARGETS[action];
  const req = request(backend.server)
    .post(
      `/api/delivery/entities/component/default/${entity}/rollouts/production/${namespace}/${entity}/actions`,
    )
    .set('Authorization', mockCredentials.user.header(user));
  if (idempotencyKey) {
    req.set('Idempotency-Key', idempotencyKey);
  }
  return req.send({ action });
}

async function historyOf(backend: DeliveryTestBackend, entity: string) {
  const res = await request(backend.server)
    .get(`/api/delivery/history?entityRef=component:default/${entity}`)
    .set('Authorization', mockCredentials.user.header(USERS.releaseManager));
  return res.body.items as ReleaseRecord[];
}

function statuses(responses: request.Response[]) {
  const counts: Record<number, number> = {};
  for (const res of responses) {
    counts[res.status] = (counts[res.status] ?? 0) + 1;
  }
  return counts;
}

/** A second connection pool on the same database, as another instance has. */
function secondPool(knex: Knex): Knex {
  return knexFactory({
    client: knex.client.config.client,
    connection: knex.client.config.connection,
  });
}

describe.each(databases.ids)(
  'identical actions sent at once, without resourceVersion, on %s',
  databaseId => {
    let sandbox: Sandbox;
    let backend: DeliveryTestBackend;

    beforeEach(async () => {
      sandbox = await startActionSandbox();
      backend = await startDeliveryTestBackend({
        knex: await databases.init(databaseId),
        clusters: sandbox.clusters,
        entities: singlyClaimedEntities(),
        config: NOT_GATED,
        checkAgainstSpec: false,
      });
    });

    afterEach(async () => {
      await backend?.stop();
      await sandbox?.stop();
    });

    it.each(Object.keys(TARGETS) as DeliveryAction[])(
      'applies %s once; the others get 409 with the reason and stay out of the history',
      async action => {
        const responses = await Promise.all(
          Array.from({ length: CROWD }, () => send(backend, action)),
        );
        expect(statuses(responses)).toEqual({ 201: 1, 409: CROWD - 1 });
        // Each says why: another action is being applied, the rollout was
        // just acted on, or its state no longer allows the action.
        for (const loser of responses.filter(r => r.status === 409)) {
          expect(loser.body.error.name).toBe('ConflictError');
          expect(loser.body.error.message).toContain(TARGETS[action].entity);
        }
        const records = await historyOf(backend, TARGETS[action].entity);
        expect(records.map(r => `${r.action} ${r.outcome}`)).toEqual([
          `${action} succeeded`,
        ]);
        // Every attempt is audited, the lost races as failures.
        const audited = backend.auditEvents.filter(
          e => e.options.eventId === 'rollout-action',
        );
        expect(audited).toHaveLength(CROWD);
        expect(audited.filter(e => e.fail.mock.calls.length)).toHaveLength(
          CROWD - 1,
        );
      },
    );

    it('applies a request sent many times with one Idempotency-Key once, and answers the rest with its result or 409', async () => {
      const responses = await Promise.all(
        Array.from({ length: CROWD }, () =>
          send(backend, 'abort', 'one-key-for-all'),
        ),
      );
      const counts = statuses(responses);
      expect(counts[201]).toBe(1);
      expect((counts[200] ?? 0) + (counts[409] ?? 0)).toBe(CROWD - 1);
      const applied = responses.find(r => r.status === 201)!;
      for (const replay of responses.filter(r => r.status === 200)) {
        expect(replay.body.record).toEqual(applied.body.record);
      }
      const records = await historyOf(backend, TARGETS.abort.entity);
      expect(records).toEqual([applied.body.record]);
    });
  },
);

describe('identical actions sent at once to two backend instances on one PostgreSQL', () => {
  const postgres = databases.ids.find(id => id !== 'SQLITE_3')!;
  let sandbox: Sandbox;
  let instances: DeliveryTestBackend[] = [];
  let pools: Knex[] = [];

  beforeEach(async () => {
    sandbox = await startActionSandbox();
    const knex = await databases.init(postgres);
    pools = [secondPool(knex)];
    instances = [];
    for (const pool of [knex, pools[0]]) {
      instances.push(
        await startDeliveryTestBackend({
          knex: pool,
          clusters: sandbox.clusters,
          entities: singlyClaimedEntities(),
          config: NOT_GATED,
          checkAgainstSpec: false,
        }),
      );
    }
  });

  afterEach(async () => {
    await Promise.all(instances.map(i => i.stop()));
    await Promise.all(pools.map(p => p.destroy()));
    await sandbox?.stop();
  });

  it.each(['promote', 'abort'] as DeliveryAction[])(
    'applies %s once across both instances',
    async action => {
      const responses = await Promise.all(
        Array.from({ length: CROWD }, (_, i) => send(instances[i % 2], action)),
      );
      expect(statuses(responses)).toEqual({ 201: 1, 409: CROWD - 1 });
      const records = await historyOf(instances[1], TARGETS[action].entity);
      expect(records.map(r => `${r.action} ${r.outcome}`)).toEqual([
        `${action} succeeded`,
      ]);
    },
  );

  it('applies one Idempotency-Key once across both instances', async () => {
    const responses = await Promise.all(
      Array.from({ length: CROWD }, (_, i) =>
        send(instances[i % 2], 'promoteFull', 'shared-key'),
      ),
    );
    expect(statuses(responses)[201]).toBe(1);
    const records = await historyOf(instances[0], TARGETS.promoteFull.entity);
    expect(records.map(r => `${r.action} ${r.outcome}`)).toEqual([
      'promoteFull succeeded',
    ]);
  });
});
