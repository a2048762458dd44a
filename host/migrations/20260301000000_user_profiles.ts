import type { Knex } from 'knex';

/** What a user keeps about themselves: an avatar, notification preferences, and "change your password first". */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('avatar_url');
    t.jsonb('notification_prefs').notNullable().defaultTo('{}');
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.timestamp('password_changed_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('avatar_url');
    t.dropColumn('notification_prefs');
    t.dropColumn('must_change_password');
    t.dropColumn('password_changed_at');
  });
}
