import type { Knex } from 'knex';

/**
 * What each agent has read, and full-text search.
 *
 * `inbox_read_markers` keeps, per agent and conversation, the last message sequence number the agent
 * has seen: a conversation's unread count is `last_seq - last_read_seq`.
 *
 * Search uses Postgres full text with the `simple` configuration (lower-cased words, no stemming and
 * no stop words), so it behaves the same for every language a tenant's customers write in. Each index
 * is an expression index over `to_tsvector('simple', ...)`: no extra column to keep in step, and the
 * same statements run on PGlite. A btree on messages' (tenant_id, created_at, id) serves the newest
 * matches of a common word (see `repositories/search.ts`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('inbox_read_markers', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('user_id').notNullable();
    t.uuid('conversation_id').notNullable().references('id').inTable('inbox_conversations').onDelete('CASCADE');
    t.integer('last_read_seq').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'user_id', 'conversation_id']);
  });
  await knex.raw(`CREATE INDEX inbox_read_markers_conversation_idx ON inbox_read_markers (conversation_id)`);
  await knex.raw(`CREATE INDEX inbox_messages_search_idx ON inbox_messages USING gin (to_tsvector('simple', body))`);
  await knex.raw(`CREATE INDEX inbox_messages_tenant_time_idx ON inbox_messages (tenant_id, created_at, id)`);
  await knex.raw(`CREATE INDEX inbox_notes_search_idx ON inbox_notes USING gin (to_tsvector('simple', body))`);
  await knex.raw(
    `CREATE INDEX inbox_contacts_search_idx ON inbox_contacts USING gin (to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '')))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS inbox_contacts_search_idx');
  await knex.raw('DROP INDEX IF EXISTS inbox_notes_search_idx');
  await knex.raw('DROP INDEX IF EXISTS inbox_messages_tenant_time_idx');
  await knex.raw('DROP INDEX IF EXISTS inbox_messages_search_idx');
  await knex.schema.dropTableIfExists('inbox_read_markers');
}
