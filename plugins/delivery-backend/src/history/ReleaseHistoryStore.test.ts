import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { ActionAttempt, ReleaseHistoryStore } from './ReleaseHistoryStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const attempt = (overrides: Partial<ActionAttempt> = {}): ActionAttempt => ({
  entityRef: 'component:default/cart-api',
  cluster: 'production',
  namespace: 'checkout',
  rollout: 'cart-api',
  action: 'promote',
  actor: 'user:default/ben.okafor',
  ...overrides,
});

describe.each(databases.ids)('ReleaseHistoryStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    return ReleaseHistoryStore.create({
      database: mockServices.database({ knex }),
    });
  }

  it('reserves a key once; the second reservation finds the first', async () => {
    const store = await createStore();
    const keyed = attempt({ idempotencyKey: 'k', requestHash: 'h' });
    const first = await store.reserve(keyed);
    const second = await store.reserve(keyed);
    expect(first).toEqual({ reserved: true, id: expect.any(String) });
    expect(second).toMatchObject({
      reserved: false,
      existing: { pending: true, requestHash: 'h' },
    });

    // Pending rows are not history yet.
    expect((await store.list({ limit: 10 })).items).toEqual([]);

    const record = await store.complete((first as any).id, {
      outcome: 'succeeded',
      revisionBefore: 1,
      revisionAfter: 2,
    });
    expect(record).toMatchObject({ outcome: 'succeeded', revisionAfter: 2 });
    expect(await store.findByIdempotencyKey(keyed.actor, 'k')).toEqual({
      record,
      pending: false,
      intended: false,
      requestHash: 'h',
    });
  });

  it('gives the key back when an attempt fails, and forgets released reservations', async () => {
    const store = await createStore();
    const keyed = attempt({ idempotencyKey: 'k', requestHash: 'h' });
    const failed = await store.reserve(keyed);
    await store.complete((failed as any).id, {
      outcome: 'failed',
      error: 'HTTP 500',
    });
    expect(await store.findByIdempotencyKey(keyed.actor, 'k')).toBeUndefined();

    const refused = await store.reserve(keyed);
    expect(refused.reserved).toBe(true);
    await store.release((refused as any).id);
    expect(await store.findByIdempotencyKey(keyed.actor, 'k')).toBeUndefined();

    const page = await store.list({ limit: 10 });
    expect(page.items).toEqual([
      expect.objectContaining({ outcome: 'failed', error: 'HTTP 500' }),
    ]);
  });

  it('lets a new request take over a key whose backend stopped before sending the action', async () => {
    const knex = await databases.init(databaseId);
    const store = await ReleaseHistoryStore.create({
      database: mockServices.database({ knex }),
    });
    const keyed = attempt({ idempotencyKey: 'k', requestHash: 'h' });
    const first = await store.reserve(keyed);
    if (!first.reserved) throw new Error('not reserved');
    // As if the backend holding the reservation died an hour ago.
    await knex('release_history')
      .where({ id: first.id })
      .update({ created_at: new Date(Date.now() - 3_600_000).toISOString() });

    const again = await store.reserve(keyed);
    expect(again).toEqual({ reserved: true, id: expect.any(String) });
    const [abandoned] = (await store.list({ limit: 10 })).items;
    expect(abandoned).toMatchObject({
      id: first.id,
      outcome: 'failed',
      error: expect.stringContaining(
        'The portal stopped before it sent the action to the cluster',
      ),
    });
  });

  it('leaves a key whose action may have reached the cluster to be settled from the rollout', async () => {
    const knex = await databases.init(databaseId);
    const store = await ReleaseHistoryStore.create({
      database: mockServices.database({ knex }),
    });
    const keyed = attempt({ idempotencyKey: 'k', requestHash: 'h' });
    const first = await store.reserve(keyed);
    if (!first.reserved) throw new Error('not reserved');
    await store.intend(keyed, first.id, {
      claimToken: 'gone',
      evidence: JSON.stringify({ action: 'promote', resourceVersion: '7' }),
    });
    await knex('release_history')
      .where({ id: first.id })
      .update({ created_at: new Date(Date.now() - 3_600_000).toISOString() });

    // Not taken over, and not called failed: it may have been applied.
    const again = await store.reserve(keyed);
    expect(again).toMatchObject({ reserved: false });
    const open = await store.unresolved({
      claimedBefore: new Date(),
      limit: 10,
    });
    expect(open.map(o => o.id)).toEqual([first.id]);
  });

  it('keeps the steps a promotion moved across with its row', async () => {
    const store = await createStore();
    const step = {
      from: 2,
      to: 3,
      count: 4,
      target: { type: 'setWeight' as const, weight: 40 },
    };
    const id = await store.intend(attempt(), undefined, {
      claimToken: 't',
      evidence: '{}',
      revisionBefore: 1,
      revisionAfter: 2,
      step,
    });
    const record = await store.complete(id, {
      outcome: 'succeeded',
      revisionBefore: 1,
      revisionAfter: 2,
    });
    expect(record.step).toEqual(step);
    const { items } = await store.list({ limit: 1 });
    expect(items[0]).toMatchObject({ action: 'promote', step });
    const abort = await store.record(attempt({ action: 'abort' }), {
      outcome: 'succeeded',
    });
    expect(abort.step).toBeUndefined();
  });

  it('pages through history newest first and filters it', async () => {
    const store = await createStore();
    const actions = [
      'promote',
      'abort',
      'retry',
      'promote',
      'rollback',
    ] as const;
    const ids: string[] = [];
    for (const [i, action] of actions.entries()) {
      const record = await store.record(
        attempt({ action, entityRef: `component:default/svc-${i % 2}` }),
        { outcome: i === 1 ? 'failed' : 'succeeded' },
      );
      ids.unshift(record.id);
    }

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ limit: 2, cursor });
      seen.push(...page.items.map(r => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);

    const svc0 = await store.list({
      limit: 10,
      entityRef: 'component:default/svc-0',
    });
    expect(svc0.items.map(r => r.action)).toEqual([
      'rollback',
      'retry',
      'promote',
    ]);
    const promotes = await store.list({ limit: 10, action: 'promote' });
    expect(promotes.items).toHaveLength(2);
    const failed = await store.list({ limit: 10, outcome: 'failed' });
    expect(failed.items.map(r => r.action)).toEqual(['abort']);
    expect(failed.nextCursor).toBeUndefined();
  });
});
