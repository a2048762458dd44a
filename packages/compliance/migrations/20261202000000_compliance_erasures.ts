import type { Knex } from 'knex';

/**
 * One row per erased (or anonymized) contact: the claim that makes a concurrent second request wait,
 * the tombstone that makes a later one a no-op, and each holder's answer. No personal data: ids,
 * mode, times and counts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('compliance_erasures', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('contact_id').notNullable();
    t.text('mode').notNullable();
    // running -> done, or partial (a holder failed: a new request runs it again).
    t.text('status').notNullable();
    t.uuid('actor_id');
    t.jsonb('answers').notNullable().defaultTo('[]');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.unique(['tenant_id', 'contact_id'], { indexName: 'compliance_erasures_contact_uq' });
  });
  await knex.raw(`ALTER TABLE compliance_erasures ADD CONSTRAINT compliance_erasures_mode_ck CHECK (mode IN ('erase', 'anonymize'))`);
  await knex.raw(
    `ALTER TABLE compliance_erasures ADD CONSTRAINT compliance_erasures_status_ck CHECK (status IN ('running', 'done', 'partial'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('compliance_erasures');
}
