import type { Knex } from 'knex';

/**
 * The site key as a report dimension (docs/analytics.md): the hourly rollup is keyed by it too ('' for
 * none), cycles and CSAT answers carry it (filled in from the conversations' facts), and the rollup
 * counts assignments (agent workload). Rollup rows written before keep '' until a rebuild.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('analytics_hourly', (t) => {
    t.text('site_key').notNullable().defaultTo('');
    t.integer('assigned').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('analytics_hourly', (t) => {
    t.dropPrimary();
  });
  await knex.schema.alterTable('analytics_hourly', (t) => {
    t.primary(['tenant_id', 'hour', 'channel', 'agent_id', 'site_key']);
  });
  for (const table of ['analytics_cycles', 'analytics_csat']) {
    await knex.schema.alterTable(table, (t) => {
      t.text('site_key').notNullable().defaultTo('');
    });
    await knex.raw(
      `UPDATE ?? AS x SET site_key = f.site_key FROM analytics_conversations AS f
       WHERE f.tenant_id = x.tenant_id AND f.conversation_id = x.conversation_id AND f.site_key IS NOT NULL`,
      [table],
    );
  }
}

/** Back to one row per (tenant, hour, channel, agent): rows under a site key are dropped; a rebuild restores the counts. */
export async function down(knex: Knex): Promise<void> {
  for (const table of ['analytics_cycles', 'analytics_csat'])
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('site_key');
    });
  await knex('analytics_hourly').whereNot({ site_key: '' }).delete();
  await knex.schema.alterTable('analytics_hourly', (t) => {
    t.dropPrimary();
  });
  await knex.schema.alterTable('analytics_hourly', (t) => {
    t.dropColumn('site_key');
    t.dropColumn('assigned');
    t.primary(['tenant_id', 'hour', 'channel', 'agent_id']);
  });
}
