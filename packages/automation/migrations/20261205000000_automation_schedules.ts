import type { Knex } from 'knex';

/**
 * Schedule triggers: one row per (rule, trigger index) of an enabled rule, holding the next time it
 * fires. The job that fires a tick moves `next_at` on with compare-and-set, so whatever the number of
 * hosts and duplicate jobs, each tick fires once; deleting the row (rule disabled, edited or deleted)
 * leaves any queued job with nothing to do.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('automation_schedules', (t) => {
    t.uuid('rule_id').notNullable().references('id').inTable('automation_rules').onDelete('CASCADE');
    t.integer('trigger_index').notNullable();
    t.uuid('tenant_id').notNullable();
    t.timestamp('next_at', { useTz: true }).notNullable();
    t.primary(['rule_id', 'trigger_index']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('automation_schedules');
}
