// @ts-check

/**
 * The release manager's gate. `release_gate_decisions` holds approvals,
 * refusals and overrides of failed checks, each tied to the revision (pod
 * template hash) it was made for, so that a new candidate needs a new
 * decision. `release_gate_notices` records what was announced once per
 * revision (a release waiting, an automatic abort): its primary key lets
 * only one of several backend instances claim each notice.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('release_gate_decisions', table => {
    table.comment('Decisions of release managers at the gate');
    table.bigIncrements('id').primary();
    table.string('entity_ref').notNullable();
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('rollout').notNullable();
    table
      .string('pod_template_hash')
      .notNullable()
      .comment('the candidate revision decided on');
    table.text('images').notNullable().comment('JSON array of its images');
    table
      .string('decision', 16)
      .notNullable()
      .comment('approved, refused or overridden');
    table.string('check_id', 64).nullable().comment('the overridden check');
    table.text('reason').nullable();
    table.string('actor').notNullable().comment('userEntityRef of who decided');
    table.string('created_at', 32).notNullable().comment('ISO 8601, UTC');
    table.index(
      ['cluster', 'namespace', 'rollout', 'pod_template_hash'],
      'release_gate_decisions_revision_idx',
    );
    table.index(
      ['entity_ref', 'created_at'],
      'release_gate_decisions_entity_idx',
    );
  });
  await knex.schema.createTable('release_gate_notices', table => {
    table.comment('Announcements made once per revision');
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('rollout').notNullable();
    table.string('pod_template_hash').notNullable();
    table.string('kind', 32).notNullable().comment('waiting or auto-abort');
    table.string('entity_ref').notNullable();
    table.text('detail').nullable();
    table.string('created_at', 32).notNullable();
    table.primary([
      'cluster',
      'namespace',
      'rollout',
      'pod_template_hash',
      'kind',
    ]);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_gate_notices');
  await knex.schema.dropTable('release_gate_decisions');
};
