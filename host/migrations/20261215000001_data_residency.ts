import type { Knex } from 'knex';

/**
 * EU-only storage: a tenant's `data_residency` (null: anywhere; `eu`), and the plugins an admin let
 * send data outside the EU anyway (one row per tenant and plugin: who, why, which regions, when).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.text('data_residency');
  });
  await knex.schema.createTable('tenant_egress_overrides', (t) => {
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants').onDelete('CASCADE');
    t.text('plugin_id').notNullable();
    t.jsonb('regions').notNullable();
    t.text('reason').notNullable();
    t.uuid('actor_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'plugin_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tenant_egress_overrides');
  await knex.schema.alterTable('tenants', (t) => {
    t.dropColumn('data_residency');
  });
}
