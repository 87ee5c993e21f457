// @ts-check

/**
 * The release history: one row per action someone took on a Rollout through
 * the portal. A row starts as `pending` when an Idempotency-Key reserves it,
 * and ends `succeeded` or `failed`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('release_history', table => {
    table.comment('Actions taken on Argo Rollouts through the portal');
    table.bigIncrements('id').primary();
    table.string('entity_ref').notNullable();
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('rollout').notNullable();
    table.string('action', 32).notNullable();
    table.string('actor').notNullable().comment('userEntityRef of who acted');
    table.text('reason').nullable();
    table.integer('revision_before').nullable();
    table.integer('revision_after').nullable();
    table
      .string('outcome', 16)
      .notNullable()
      .comment('pending, succeeded or failed');
    table.text('error').nullable();
    table.string('idempotency_key').nullable();
    table
      .string('request_hash', 64)
      .nullable()
      .comment('sha256 of the request an idempotency key was first used for');
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table.index(
      ['entity_ref', 'created_at'],
      'release_history_entity_ref_created_at_idx',
    );
    table.index(['created_at'], 'release_history_created_at_idx');
    table.unique(['actor', 'idempotency_key'], {
      indexName: 'release_history_actor_idempotency_key_uniq',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_history');
};
