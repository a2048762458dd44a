import type { Knex } from 'knex';

/** What the cluster drills' consumer applied: one row per durable event, whichever host applied it. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cluster_drill_seen', (t) => {
    t.bigInteger('event_id').primary();
    t.text('topic').notNullable();
    t.text('key').nullable();
    t.integer('seq').nullable();
    t.text('message_id').nullable();
    t.text('host').notNullable();
    t.timestamp('applied_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('cluster_drill_seen');
}
