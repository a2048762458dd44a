import type { Knex } from 'knex';

/**
 * The AI draft rollup (docs/analytics.md): per tenant, UTC hour, channel and agent, how many drafts
 * were accepted as they were, edited, or rejected (from `ai.draft.feedback` events), with the summed
 * edit distances of the edited ones.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('analytics_ai_drafts_hourly', (t) => {
    t.uuid('tenant_id').notNullable();
    t.timestamp('hour', { useTz: true }).notNullable();
    t.text('channel').notNullable();
    t.text('agent_id').notNullable();
    t.integer('accepted').notNullable().defaultTo(0);
    t.integer('edited').notNullable().defaultTo(0);
    t.integer('rejected').notNullable().defaultTo(0);
    t.integer('edit_distance_count').notNullable().defaultTo(0);
    t.double('edit_distance_sum').notNullable().defaultTo(0);
    t.primary(['tenant_id', 'hour', 'channel', 'agent_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('analytics_ai_drafts_hourly');
}
