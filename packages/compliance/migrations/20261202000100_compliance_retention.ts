import type { Knex } from 'knex';

/** Each tenant's retention policies: one row per kind of data (closed conversations, messages, events...). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('compliance_retention_policies', (t) => {
    t.uuid('tenant_id').notNullable();
    t.text('kind').notNullable();
    t.integer('days').notNullable();
    t.text('mode').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'kind']);
  });
  await knex.raw(
    `ALTER TABLE compliance_retention_policies ADD CONSTRAINT compliance_retention_mode_ck CHECK (mode IN ('delete', 'anonymize'))`,
  );
  await knex.raw(`ALTER TABLE compliance_retention_policies ADD CONSTRAINT compliance_retention_days_ck CHECK (days BETWEEN 1 AND 36500)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('compliance_retention_policies');
}
