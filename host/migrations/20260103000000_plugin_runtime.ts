import type { Knex } from 'knex';

/**
 * The plugin runtime's tables: per-tenant installs (enabled, granted capabilities, settings,
 * encrypted secrets; tenant '*' holds install-level settings) and the sandboxed plugins' kv store.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('plugin_installs', (t) => {
    t.text('tenant_id').notNullable();
    t.text('plugin_id').notNullable();
    t.boolean('enabled').notNullable().defaultTo(false);
    t.jsonb('grants').notNullable().defaultTo('[]');
    t.jsonb('settings').notNullable().defaultTo('{}');
    t.jsonb('secrets').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'plugin_id']);
  });
  await knex.schema.createTable('plugin_kv', (t) => {
    t.text('tenant_id').notNullable();
    t.text('plugin_id').notNullable();
    t.text('key').notNullable();
    t.jsonb('value').notNullable();
    t.integer('bytes').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'plugin_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('plugin_kv');
  await knex.schema.dropTable('plugin_installs');
}
