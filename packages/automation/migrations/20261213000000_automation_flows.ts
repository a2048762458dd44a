import type { Knex } from 'knex';

/**
 * Flows: named step sequences, versioned like rules, and their runs. A run keeps where it is
 * (`current_step`), what drives it (`claim_key`: the start, the reply event or the timeout that
 * moved it last, so a redelivery of the same key continues instead of repeating) and, while it
 * waits for the visitor, until when. `automation_flow_context` holds what flows found out for the
 * AI assist (read through automation's enricher).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('automation_flows', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.text('name').notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.integer('version').notNullable();
    t.jsonb('definition').notNullable();
    t.uuid('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'name'], { indexName: 'automation_flows_name_uq' });
  });

  await knex.schema.createTable('automation_flow_versions', (t) => {
    t.uuid('flow_id').notNullable().references('id').inTable('automation_flows').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.uuid('tenant_id').notNullable();
    t.text('name').notNullable();
    t.jsonb('definition').notNullable();
    t.uuid('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['flow_id', 'version']);
  });

  await knex.schema.createTable('automation_flow_runs', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('flow_id').notNullable().references('id').inTable('automation_flows').onDelete('CASCADE');
    t.integer('flow_version').notNullable();
    t.uuid('conversation_id').notNullable();
    /** Who started it, unique per flow: `rule:<ruleId>:<eventId>` or `api:<uuid>`. */
    t.text('start_key').notNullable();
    // running -> waiting -> running ... -> done | failed | handed_over
    t.text('status').notNullable();
    t.text('current_step').notNullable();
    t.text('claim_key').notNullable();
    /** While waiting: the conversation's last seq when the question went out (older messages are no answer). */
    t.integer('wait_after_seq');
    t.timestamp('waiting_until', { useTz: true });
    t.jsonb('vars').notNullable().defaultTo('{}');
    /** The rule firing that started it (`EventCause` of its effects, for loop protection), if any. */
    t.jsonb('cause');
    /** Each step as it ran: id, type, ok, ms, at, error. */
    t.jsonb('steps').notNullable().defaultTo('[]');
    t.text('error');
    t.uuid('trace_id').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true });
    t.unique(['flow_id', 'start_key'], { indexName: 'automation_flow_runs_start_uq' });
    t.index(['tenant_id', 'flow_id', 'started_at'], 'automation_flow_runs_flow_idx');
    t.index(['tenant_id', 'conversation_id', 'status'], 'automation_flow_runs_conversation_idx');
  });

  await knex.schema.createTable('automation_flow_context', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.text('title').notNullable();
    t.jsonb('data').notNullable();
    t.uuid('run_id').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['tenant_id', 'conversation_id', 'title']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('automation_flow_context');
  await knex.schema.dropTableIfExists('automation_flow_runs');
  await knex.schema.dropTableIfExists('automation_flow_versions');
  await knex.schema.dropTableIfExists('automation_flows');
}
