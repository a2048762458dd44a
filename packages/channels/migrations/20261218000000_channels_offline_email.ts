import type { Knex } from 'knex';

/**
 * Replies emailed to offline visitors: how far each web conversation was emailed (so a reply goes
 * out once), and the transcript links those emails carry (only a hash of each token is kept).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('channels_offline_emails', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.integer('emailed_seq').notNullable();
    t.timestamp('emailed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'conversation_id']);
  });
  await knex.schema.createTable('channels_transcript_links', (t) => {
    t.text('token_hash').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['tenant_id', 'conversation_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('channels_transcript_links');
  await knex.schema.dropTableIfExists('channels_offline_emails');
}
