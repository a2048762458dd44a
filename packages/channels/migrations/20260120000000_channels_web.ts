import type { Knex } from 'knex';

/**
 * The web channel's own tables: which visitor owns which conversation (and how far they have
 * read), and the attachments visitors uploaded (files on disk, metadata here).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('channels_web_conversations', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable();
    // `v:<visitor id>` for anonymous visitors, `u:<user id>` for identified ones (the contact's external id).
    t.text('visitor_key').notNullable();
    t.integer('visitor_read_seq').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'conversation_id']);
    t.index(['tenant_id', 'visitor_key', 'created_at'], 'channels_web_conversations_visitor_idx');
  });
  await knex.schema.createTable('channels_attachments', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.text('visitor_key').notNullable();
    t.text('name').notNullable();
    t.text('content_type').notNullable();
    t.integer('size').notNullable();
    t.text('storage_key').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'visitor_key'], 'channels_attachments_visitor_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('channels_attachments');
  await knex.schema.dropTableIfExists('channels_web_conversations');
}
