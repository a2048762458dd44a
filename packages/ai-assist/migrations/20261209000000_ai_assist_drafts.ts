import type { Knex } from 'knex';

/**
 * Every draft the AI assist made (a model's draft or an offline suggestion): who asked, what it cost,
 * what context it used, and the agent's feedback once given. The monthly token budget sums it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ai_assist_drafts', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable();
    t.uuid('agent_id').notNullable();
    t.text('trace_id').notNullable();
    t.text('kind').notNullable();
    t.text('provider');
    t.text('model');
    t.text('text').notNullable();
    t.jsonb('source');
    t.jsonb('context').notNullable().defaultTo('{}');
    t.integer('prompt_tokens').notNullable().defaultTo(0);
    t.integer('completion_tokens').notNullable().defaultTo(0);
    t.boolean('tokens_estimated').notNullable().defaultTo(false);
    t.integer('latency_ms').notNullable().defaultTo(0);
    t.double('cost_usd').notNullable().defaultTo(0);
    t.text('feedback');
    t.integer('edit_distance');
    t.uuid('feedback_by');
    t.timestamp('feedback_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'created_at'], 'ai_assist_drafts_tenant_created_idx');
    t.index(['tenant_id', 'conversation_id'], 'ai_assist_drafts_conversation_idx');
  });
  await knex.raw(`ALTER TABLE ai_assist_drafts ADD CONSTRAINT ai_assist_drafts_kind_ck CHECK (kind IN ('draft', 'suggestion'))`);
  await knex.raw(
    `ALTER TABLE ai_assist_drafts ADD CONSTRAINT ai_assist_drafts_feedback_ck CHECK (feedback IS NULL OR feedback IN ('accepted', 'edited', 'rejected'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('ai_assist_drafts');
}
