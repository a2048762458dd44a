import type { Knex } from 'knex';

/**
 * Attachments agents upload to a conversation: the conversation it belongs to and who uploaded it.
 * A visitor's own uploads leave both empty. An agent's upload to a web conversation carries its
 * visitor's key, so the visitor may read it and a contact's erasure removes it with their own files.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels_attachments', (t) => {
    t.uuid('conversation_id').nullable();
    t.uuid('uploaded_by').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels_attachments', (t) => {
    t.dropColumn('uploaded_by');
    t.dropColumn('conversation_id');
  });
}
