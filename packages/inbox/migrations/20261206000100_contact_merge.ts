import type { Knex } from 'knex';

/**
 * Merged contacts: the contact merged away keeps its row (its channel identity still maps incoming
 * messages) with `merged_into_id` pointing at the one kept; its personal fields are blanked. The
 * index serves the Contacts page (newest first, merged ones left out).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('inbox_contacts', (t) => {
    t.uuid('merged_into_id');
  });
  await knex.raw(
    `CREATE INDEX inbox_contacts_list_idx ON inbox_contacts (tenant_id, created_at DESC, id DESC) WHERE merged_into_id IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS inbox_contacts_list_idx');
  await knex.schema.alterTable('inbox_contacts', (t) => {
    t.dropColumn('merged_into_id');
  });
}
