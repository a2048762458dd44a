import type { Knex } from 'knex';

/** Each tenant's compliance settings: masking at ingest, masking in exports, its own PII patterns. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('compliance_settings', (t) => {
    t.uuid('tenant_id').primary();
    t.boolean('mask_at_ingest').notNullable().defaultTo(false);
    t.boolean('mask_exports').notNullable().defaultTo(false);
    t.jsonb('pii_patterns').notNullable().defaultTo('[]');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('compliance_settings');
}
