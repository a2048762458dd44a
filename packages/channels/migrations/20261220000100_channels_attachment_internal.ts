import type { Knex } from 'knex';

/** An upload a note carries is internal: agents read it, the conversation's visitor never does. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE channels_attachments ADD COLUMN internal boolean NOT NULL DEFAULT false');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE channels_attachments DROP COLUMN internal');
}
