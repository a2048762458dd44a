import type { Knex } from 'knex';

/** Audit log, widget site keys and IP rules. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('actor_id');
    t.text('actor_kind').notNullable().defaultTo('user');
    t.text('action').notNullable();
    t.text('target_type');
    t.text('target_id');
    t.jsonb('before');
    t.jsonb('after');
    t.text('ip');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'created_at']);
  });
  await knex.schema.createTable('site_keys', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants').onDelete('CASCADE');
    t.text('key').notNullable().unique();
    t.text('name').notNullable().defaultTo('');
    t.jsonb('allowed_origins').notNullable().defaultTo('[]');
    t.text('config_secret').notNullable();
    t.text('identity_secret').notNullable();
    t.boolean('identity_required').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id']);
  });
  await knex.schema.createTable('ip_rules', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants').onDelete('CASCADE');
    t.text('cidr').notNullable();
    t.text('action').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id']);
  });
  await knex.raw("ALTER TABLE ip_rules ADD CONSTRAINT ip_rules_action_check CHECK (action IN ('allow', 'block'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ip_rules');
  await knex.schema.dropTable('site_keys');
  await knex.schema.dropTable('audit_log');
}
