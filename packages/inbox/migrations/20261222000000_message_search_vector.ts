import type { Knex } from 'knex';

/**
 * Messages keep their words: `search_vector` is a stored generated column,
 * `to_tsvector('simple', body)`, so a search that walks messages newest first tests each row without
 * parsing its body again (see `repositories/search.ts`). Postgres computes it on every insert and on
 * every change of `body` (an erased or anonymized message loses its words with its text): the
 * statements that write messages do not name it. The GIN index moves from the expression to the
 * column (same name, same lexemes).
 *
 * Adding a stored column rewrites the table under an exclusive lock: about a minute per million
 * messages on a small machine, during which no message is written. The expression index is dropped
 * first so the rewrite does not rebuild it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS inbox_messages_search_idx');
  await knex.raw(`ALTER TABLE inbox_messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED`);
  await knex.raw('CREATE INDEX inbox_messages_search_idx ON inbox_messages USING gin (search_vector)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS inbox_messages_search_idx');
  await knex.raw('ALTER TABLE inbox_messages DROP COLUMN IF EXISTS search_vector');
  await knex.raw(`CREATE INDEX inbox_messages_search_idx ON inbox_messages USING gin (to_tsvector('simple', body))`);
}
