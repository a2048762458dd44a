import type { Knex } from 'knex';

/** A note may be written by an automation rule: no author user then (`author_id` null). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE inbox_notes ALTER COLUMN author_id DROP NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DELETE FROM inbox_notes WHERE author_id IS NULL');
  await knex.raw('ALTER TABLE inbox_notes ALTER COLUMN author_id SET NOT NULL');
}
