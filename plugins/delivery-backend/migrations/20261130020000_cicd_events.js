// @ts-check

/**
 * CI/CD events: one row per CDEvent received, whatever its type. The
 * columns beside `payload` are what the summary, the timeline and the DORA
 * figures query, pulled out of the event once when it is stored so that they
 * are plain indexed columns on SQLite and PostgreSQL alike. Times are epoch
 * milliseconds, so durations are a subtraction on both databases.
 *
 * `(source, event_id)` is the CloudEvents identity of an event: the unique
 * index makes a redelivery, or the same event stored by two backend
 * instances at once, one row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cicd_events', table => {
    table.comment('CDEvents received from CI/CD systems');
    table.bigIncrements('id').primary();
    table.string('source', 512).notNullable().comment('CloudEvent source');
    table.string('event_id', 255).notNullable().comment('CloudEvent id');
    table.string('spec_version', 16).notNullable().comment('CDEvents version');
    table
      .string('type', 64)
      .notNullable()
      .comment('subject.predicate, such as pipelinerun.finished');
    table.string('type_version', 16).notNullable();
    table.string('subject_id', 512).notNullable();
    table.string('subject_source', 512).nullable();
    table.string('entity_ref').nullable().comment('null while unmatched');
    table.bigInteger('occurred_at').notNullable().comment('epoch ms');
    table.bigInteger('received_at').notNullable().comment('epoch ms');
    table.string('chain_id', 255).nullable();
    table
      .string('run_key', 1024)
      .nullable()
      .comment('the pipeline run a pipeline or task run event is about');
    table.string('name', 255).nullable().comment('pipeline or task name');
    table.string('outcome', 32).nullable();
    table.string('url', 1024).nullable();
    table.string('environment', 255).nullable();
    table.string('artifact_id', 1024).nullable();
    table.string('change_id', 512).nullable();
    table.string('commit_sha', 64).nullable();
    table.string('branch', 255).nullable();
    table.string('actor', 255).nullable();
    table.text('payload').notNullable().comment('the CDEvent as received');
    table.unique(['source', 'event_id'], {
      indexName: 'cicd_events_source_event_id_uniq',
    });
    table.index(
      ['entity_ref', 'type', 'occurred_at'],
      'cicd_events_entity_type_occurred_idx',
    );
    table.index(
      ['entity_ref', 'occurred_at'],
      'cicd_events_entity_occurred_idx',
    );
    table.index(['run_key'], 'cicd_events_run_key_idx');
    table.index(['chain_id'], 'cicd_events_chain_id_idx');
    table.index(['artifact_id'], 'cicd_events_artifact_id_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cicd_events');
};
