import type { Knex } from 'knex';

/**
 * The analytics plugin's tables (see docs/analytics.md): exact per-conversation facts, one row per
 * cycle (the conversation's life up to a close, and again after each reopen), hourly rollups, CSAT
 * answers and the ids of the events already applied (idempotency).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('analytics_applied_events', (t) => {
    t.bigInteger('event_id').primary();
    t.text('tenant_id').notNullable();
  });

  await knex.schema.createTable('analytics_conversations', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.text('channel').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    // contact or agent: who wrote the first contact-facing message (bots and system messages do not count).
    t.text('started_by');
    t.text('state').notNullable();
    t.uuid('assignee_id');
    t.integer('cycle').notNullable().defaultTo(0);
    t.integer('reopens').notNullable().defaultTo(0);
    t.primary(['tenant_id', 'conversation_id']);
    t.index(['tenant_id', 'assignee_id', 'state'], 'analytics_conversations_assignee_idx');
  });

  await knex.schema.createTable('analytics_cycles', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.integer('cycle').notNullable();
    t.text('channel').notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('inbound_at', { useTz: true });
    t.timestamp('first_response_at', { useTz: true });
    t.uuid('responder_id');
    t.timestamp('resolved_at', { useTz: true });
    t.uuid('resolver_id');
    // Agent-started conversations: their first cycle has no first response time.
    t.boolean('excluded').notNullable().defaultTo(false);
    t.boolean('reopened').notNullable().defaultTo(false);
    t.primary(['tenant_id', 'conversation_id', 'cycle']);
  });
  await knex.raw(
    'CREATE INDEX analytics_cycles_response_idx ON analytics_cycles (tenant_id, first_response_at) WHERE first_response_at IS NOT NULL',
  );
  await knex.raw('CREATE INDEX analytics_cycles_opened_idx ON analytics_cycles (tenant_id, opened_at)');

  await knex.schema.createTable('analytics_hourly', (t) => {
    t.uuid('tenant_id').notNullable();
    t.timestamp('hour', { useTz: true }).notNullable();
    t.text('channel').notNullable();
    // '' when no agent: a new conversation, a bot reply, an unassigned inbound message.
    t.text('agent_id').notNullable();
    t.integer('conversations').notNullable().defaultTo(0);
    t.integer('inbound').notNullable().defaultTo(0);
    t.integer('human_replies').notNullable().defaultTo(0);
    t.integer('bot_replies').notNullable().defaultTo(0);
    t.integer('first_responses').notNullable().defaultTo(0);
    t.double('frt_seconds').notNullable().defaultTo(0);
    t.integer('resolved').notNullable().defaultTo(0);
    t.double('resolution_seconds').notNullable().defaultTo(0);
    t.integer('reopened').notNullable().defaultTo(0);
    t.integer('csat_responses').notNullable().defaultTo(0);
    t.integer('csat_sum').notNullable().defaultTo(0);
    t.primary(['tenant_id', 'hour', 'channel', 'agent_id']);
  });

  await knex.schema.createTable('analytics_csat', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.integer('cycle').notNullable();
    t.integer('score').notNullable();
    t.text('comment');
    t.text('channel').notNullable();
    t.text('agent_id').notNullable();
    t.timestamp('answered_at', { useTz: true }).notNullable();
    t.primary(['tenant_id', 'conversation_id', 'cycle']);
    t.index(['tenant_id', 'answered_at'], 'analytics_csat_answered_idx');
  });
  await knex.raw('ALTER TABLE analytics_csat ADD CONSTRAINT analytics_csat_score_ck CHECK (score BETWEEN 1 AND 5)');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['analytics_csat', 'analytics_hourly', 'analytics_cycles', 'analytics_conversations', 'analytics_applied_events'])
    await knex.schema.dropTableIfExists(table);
}
