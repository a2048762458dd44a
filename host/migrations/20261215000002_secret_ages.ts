import type { Knex } from 'knex';

/**
 * Secret hygiene needs each secret's age: when a site key's secrets were last rotated, and when each
 * plugin secret setting was last set (per tenant, plugin and field; the install level is the nil tenant).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('site_keys', (t) => {
    t.timestamp('secrets_rotated_at', { useTz: true });
  });
  await knex('site_keys').update({ secrets_rotated_at: knex.ref('created_at') });
  await knex.schema.createTable('plugin_secret_ages', (t) => {
    t.text('tenant_id').notNullable();
    t.text('plugin_id').notNullable();
    t.text('field').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'plugin_id', 'field']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('plugin_secret_ages');
  await knex.schema.alterTable('site_keys', (t) => {
    t.dropColumn('secrets_rotated_at');
  });
}
