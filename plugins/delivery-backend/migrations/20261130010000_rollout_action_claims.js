// @ts-check

/**
 * One row per Rollout the portal has acted on. `holder` is set while one
 * backend instance carries out an action on it, so that instances sharing
 * the database act on a Rollout one at a time; `version` counts the actions
 * that reached the cluster, so that a request which arrived before the last
 * of them is refused instead of being applied to a state it never saw.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollout_action_claims', table => {
    table.comment(
      'Who is acting on which Rollout, and how often it was acted on',
    );
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('rollout').notNullable();
    table
      .bigInteger('version')
      .notNullable()
      .defaultTo(0)
      .comment('Actions on this Rollout that reached the cluster');
    table.string('holder').nullable().comment('Request carrying out an action');
    table.string('holder_action', 32).nullable();
    table.string('holder_actor').nullable();
    table.timestamp('claimed_at', { useTz: true, precision: 3 }).nullable();
    table.string('last_action', 32).nullable();
    table.string('last_actor').nullable();
    table.timestamp('last_acted_at', { useTz: true, precision: 3 }).nullable();
    table.primary(['cluster', 'namespace', 'rollout']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_action_claims');
};
