import type { Knex } from 'knex';

/**
 * Automation's tables. A rule keeps its current definition and version; every edit adds a row to
 * `automation_rule_versions`. An evaluation that fired is one row, unique per (rule, event): the
 * idempotency key that makes a redelivered event fire the rule once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('automation_rules', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.text('name').notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.integer('version').notNullable();
    t.jsonb('definition').notNullable();
    t.uuid('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'name'], { indexName: 'automation_rules_name_uq' });
    t.index(['tenant_id', 'enabled'], 'automation_rules_enabled_idx');
  });

  await knex.schema.createTable('automation_rule_versions', (t) => {
    t.uuid('rule_id').notNullable().references('id').inTable('automation_rules').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.uuid('tenant_id').notNullable();
    t.text('name').notNullable();
    t.jsonb('definition').notNullable();
    t.uuid('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['rule_id', 'version']);
  });

  await knex.schema.createTable('automation_evaluations', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('rule_id').notNullable().references('id').inTable('automation_rules').onDelete('CASCADE');
    t.integer('rule_version').notNullable();
    t.text('event_id').notNullable();
    t.text('trigger').notNullable();
    t.uuid('conversation_id');
    t.uuid('trace_id').notNullable();
    t.integer('depth').notNullable().defaultTo(0);
    // running -> done | failed; `actions` keeps each action's outcome as it completes.
    t.text('status').notNullable();
    t.jsonb('actions').notNullable().defaultTo('[]');
    t.text('error');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true });
    t.unique(['rule_id', 'event_id'], { indexName: 'automation_evaluations_event_uq' });
    t.index(['tenant_id', 'rule_id', 'started_at'], 'automation_evaluations_rule_idx');
    t.index(['rule_id', 'conversation_id', 'started_at'], 'automation_evaluations_conversation_idx');
  });

  // Inactivity timers waiting to fire: one per (rule, conversation); deleting the row cancels it.
  await knex.schema.createTable('automation_timers', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('rule_id').notNullable().references('id').inTable('automation_rules').onDelete('CASCADE');
    t.uuid('conversation_id').notNullable();
    /** Who must speak to cancel it: `agent` or `visitor`. */
    t.text('waiting_for').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['rule_id', 'conversation_id'], { indexName: 'automation_timers_rule_conversation_uq' });
    t.index(['tenant_id', 'conversation_id'], 'automation_timers_conversation_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('automation_timers');
  await knex.schema.dropTableIfExists('automation_evaluations');
  await knex.schema.dropTableIfExists('automation_rule_versions');
  await knex.schema.dropTableIfExists('automation_rules');
}
