import type { Knex } from 'knex';

/** The kernel's own bookkeeping: key/value metadata (install id, generated keys' fingerprints...). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('host_meta', (t) => {
    t.text('key').primary();
    t.jsonb('value').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('host_meta');
}
