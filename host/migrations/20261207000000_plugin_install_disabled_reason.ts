import type { Knex } from 'knex';

/**
 * Why a plugin disabled itself for a tenant (`ctx.install.disable(reason)`: a refresh token the
 * provider revoked...), shown to the admin beside the plugin; cleared when an admin enables it again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plugin_installs', (t) => {
    t.text('disabled_reason');
    t.timestamp('disabled_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plugin_installs', (t) => {
    t.dropColumn('disabled_reason');
    t.dropColumn('disabled_at');
  });
}
