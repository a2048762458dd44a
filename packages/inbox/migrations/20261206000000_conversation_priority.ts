import type { Knex } from 'knex';

/**
 * Priorities as agents know them from other help desks: none, low, medium, high, urgent. The old
 * default `normal` meant nobody had set one, so it becomes `none`. An index serves the views sorted
 * by priority.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE inbox_conversations DROP CONSTRAINT inbox_conversations_priority_ck');
  await knex.raw(`UPDATE inbox_conversations SET priority = 'none' WHERE priority = 'normal'`);
  await knex.raw(`ALTER TABLE inbox_conversations ALTER COLUMN priority SET DEFAULT 'none'`);
  await knex.raw(
    `ALTER TABLE inbox_conversations ADD CONSTRAINT inbox_conversations_priority_ck CHECK (priority IN ('none', 'low', 'medium', 'high', 'urgent'))`,
  );
  await knex.raw(`CREATE INDEX inbox_conversations_priority_idx ON inbox_conversations (tenant_id, priority) WHERE priority <> 'none'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS inbox_conversations_priority_idx');
  await knex.raw('ALTER TABLE inbox_conversations DROP CONSTRAINT inbox_conversations_priority_ck');
  await knex.raw(`UPDATE inbox_conversations SET priority = 'normal' WHERE priority IN ('none', 'medium')`);
  await knex.raw(`ALTER TABLE inbox_conversations ALTER COLUMN priority SET DEFAULT 'normal'`);
  await knex.raw(
    `ALTER TABLE inbox_conversations ADD CONSTRAINT inbox_conversations_priority_ck CHECK (priority IN ('low', 'normal', 'high', 'urgent'))`,
  );
}
