import type { Knex } from 'knex';

/**
 * Polling channels: one row per (tenant, plugin) that polls instead of receiving webhooks. The
 * adapter's cursor (the key-value state the host keeps for it), when the next poll is due, and the
 * lease a running poll holds so two hosts never poll one install at once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('channels_poll_state', (t) => {
    t.uuid('tenant_id').notNullable();
    t.text('plugin_id').notNullable();
    t.text('cursor');
    t.timestamp('next_poll_at', { useTz: true }).notNullable();
    t.timestamp('leased_until', { useTz: true });
    t.timestamp('polled_at', { useTz: true });
    t.text('last_error');
    t.primary(['tenant_id', 'plugin_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('channels_poll_state');
}
