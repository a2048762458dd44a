import type { Knex } from 'knex';

/**
 * CSAT surveys (docs/analytics.md): the site key a web conversation came through (the survey's
 * setting is per site key), and one row per survey requested on a close (raw data, like the answers:
 * the rebuild keeps it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('analytics_conversations', (t) => {
    t.text('site_key');
  });
  await knex.schema.createTable('analytics_csat_requests', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.integer('cycle').notNullable();
    t.text('site_key');
    t.text('question').notNullable();
    t.text('channel').notNullable();
    t.text('agent_id').notNullable();
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.primary(['tenant_id', 'conversation_id', 'cycle']);
    t.index(['tenant_id', 'requested_at'], 'analytics_csat_requests_at_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('analytics_csat_requests');
  await knex.schema.alterTable('analytics_conversations', (t) => {
    t.dropColumn('site_key');
  });
}
