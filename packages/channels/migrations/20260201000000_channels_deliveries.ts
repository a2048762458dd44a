import type { Knex } from 'knex';

/**
 * Provider channels' own tables. Outbound messages: one row per Bacon message sent through a channel plugin,
 * with the provider's id for it (the mapping status callbacks arrive by) and where it stands.
 */
export async function up(knex: Knex): Promise<void> {
  // A provider conversation's plugin and when the contact last wrote (the customer-service window).
  await knex.schema.createTable('channels_threads', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.text('plugin_id').notNullable();
    t.text('channel').notNullable();
    t.timestamp('last_inbound_at', { useTz: true }).notNullable();
    t.primary(['tenant_id', 'conversation_id']);
  });
  await knex.schema.createTable('channels_deliveries', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('message_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.text('plugin_id').notNullable();
    t.text('channel').notNullable();
    // queued -> sent -> delivered -> read, or failed (with its reason).
    t.text('status').notNullable();
    t.text('external_id');
    t.text('error_code');
    t.text('error_message');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'message_id']);
    t.index(['tenant_id', 'conversation_id'], 'channels_deliveries_conversation_idx');
  });
  await knex.raw(
    `CREATE UNIQUE INDEX channels_deliveries_external_uq ON channels_deliveries (tenant_id, channel, external_id) WHERE external_id IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('channels_deliveries');
  await knex.schema.dropTableIfExists('channels_threads');
}
