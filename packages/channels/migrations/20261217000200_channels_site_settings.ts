import type { Knex } from 'knex';

/**
 * The widget settings of one site key (appearance, office hours, pre-chat form), over the tenant's
 * channels settings: only what the site overrides is stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('channels_site_settings', (t) => {
    t.uuid('tenant_id').notNullable();
    t.text('site_key').notNullable();
    t.jsonb('settings').notNullable().defaultTo('{}');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'site_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('channels_site_settings');
}
