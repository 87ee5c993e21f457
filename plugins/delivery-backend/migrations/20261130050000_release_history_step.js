// @ts-check

/**
 * Which canary steps a promotion moved a rollout across, so that the history
 * tells three promotions of one release apart ("step 2 → 3, Set weight
 * 40%"). JSON of the API's ReleaseStep; empty for other actions and for
 * rows written before.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('release_history', table => {
    table
      .text('step')
      .nullable()
      .comment(
        'JSON: from and to step (1-based), the step count, the step moved to',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('release_history', table => {
    table.dropColumn('step');
  });
};
