// @ts-check

/**
 * What the backend needs to find out later whether an action was applied
 * when the cluster's answer was lost, or when the instance carrying it out
 * stopped: a row is written (`pending`) before the patch is sent, naming the
 * claim it was sent under and what the Rollout looked like. A lost answer
 * makes the row `unknown` until the Rollout is read back; `reconciliation`
 * then says how the outcome was established.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('release_history', table => {
    table
      .string('claim_token')
      .nullable()
      .comment('The rollout_action_claims holder the patch was sent under');
    table
      .text('evidence')
      .nullable()
      .comment(
        'JSON: the resourceVersion the patch was guarded by and the fields the action changes, as read before it',
      );
    table
      .text('reconciliation')
      .nullable()
      .comment('How the outcome was established after the answer was lost');
    table.index(['outcome'], 'release_history_outcome_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('release_history', table => {
    table.dropIndex(['outcome'], 'release_history_outcome_idx');
    table.dropColumn('reconciliation');
    table.dropColumn('evidence');
    table.dropColumn('claim_token');
  });
};
