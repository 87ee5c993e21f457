import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabases } from './__testUtils__/testDatabases';

const migrationsDir = path.resolve(__dirname, '../migrations');

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('migrations', () => {
  it('has an up and a down for every migration', () => {
    for (const file of fs.readdirSync(migrationsDir)) {
      const migration = require(path.join(migrationsDir, file));
      expect(typeof migration.up).toBe('function');
      expect(typeof migration.down).toBe('function');
    }
  });

  it.each(databases.ids)('migrates up and down on %s', async databaseId => {
    const knex = await databases.init(databaseId);

    await knex.migrate.latest({ directory: migrationsDir });
    expect(await knex.schema.hasTable('release_history')).toBe(true);

    const row = {
      entity_ref: 'component:default/cart-api',
      cluster: 'production',
      namespace: 'checkout',
      rollout: 'cart-api',
      action: 'promote',
      actor: 'user:default/ben.okafor',
      outcome: 'succeeded',
      idempotency_key: 'k1',
      request_hash: 'a'.repeat(64),
      created_at: new Date().toISOString(),
    };
    await knex('release_history').insert(row);
    // One key per user: the unique index is what makes retries safe.
    await expect(knex('release_history').insert(row)).rejects.toThrow();
    await knex('release_history').insert({
      ...row,
      actor: 'user:default/dora.nagy',
    });
    // Rows without a key do not collide.
    await knex('release_history').insert({ ...row, idempotency_key: null });
    await knex('release_history').insert({ ...row, idempotency_key: null });
    expect(await knex('release_history').count({ n: '*' })).toEqual([
      { n: databaseId === 'SQLITE_3' ? 4 : '4' },
    ]);

    await knex.migrate.rollback({ directory: migrationsDir }, true);
    expect(await knex.schema.hasTable('release_history')).toBe(false);
  });
});
