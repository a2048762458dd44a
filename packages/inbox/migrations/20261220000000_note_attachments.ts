import type { Knex } from 'knex';

/** A note may carry files (uploaded like a reply's, seen only by agents): their references, as a reply's payload holds them. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE inbox_notes ADD COLUMN attachments jsonb');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE inbox_notes DROP COLUMN attachments');
}
