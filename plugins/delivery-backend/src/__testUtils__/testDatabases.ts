import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';

export interface DeliveryTestDatabases {
  ids: TestDatabaseId[];
  init(id: TestDatabaseId): Promise<Knex>;
}

/**
 * The databases every database test runs on: the PostgreSQL the test runner
 * provides (`PORTAL_TEST_POSTGRES_ID`), and SQLite. A missing PostgreSQL is an
 * error, not a silent SQLite-only run.
 *
 * SQLite runs on the better-sqlite3 the backend ships (13.x): the 12.x copy
 * inside @backstage/backend-test-utils aborts the Jest process on Node 24
 * when V8 finalizes a statement after teardown
 * ("RemoveEnvironmentCleanupHook: Assertion failed: (env) != nullptr").
 */
export function createTestDatabases(): DeliveryTestDatabases {
  const postgres = process.env.PORTAL_TEST_POSTGRES_ID as
    | TestDatabaseId
    | undefined;
  if (!postgres) {
    throw new Error(
      'PORTAL_TEST_POSTGRES_ID is not set: source scripts/system-deps.sh and run ensure_postgres, so that the delivery backend is tested on PostgreSQL as well as SQLite',
    );
  }
  const databases = TestDatabases.create({ ids: [postgres] });
  const sqlite: Knex[] = [];
  afterAll(async () => {
    await Promise.all(sqlite.map(db => db.destroy()));
  });
  return {
    ids: [postgres, 'SQLITE_3'],
    async init(id) {
      if (id !== 'SQLITE_3') {
        return databases.init(id);
      }
      const db = knexFactory({
        client: 'better-sqlite3',
        connection: ':memory:',
        useNullAsDefault: true,
      });
      sqlite.push(db);
      return db;
    },
  };
}
