import type { Knex } from 'knex';

/**
 * The inbox's tables. Every row carries tenant_id and every query is scoped by it; ids are UUIDs made
 * in application code. Timestamps are timestamptz.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('inbox_contacts', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.text('channel').notNullable();
    t.text('external_id').notNullable();
    t.text('name');
    t.text('email');
    t.text('phone');
    t.jsonb('attributes').notNullable().defaultTo('{}');
    t.timestamp('anonymized_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'channel', 'external_id'], { indexName: 'inbox_contacts_channel_external_uq' });
  });

  await knex.schema.createTable('inbox_conversations', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('contact_id').notNullable().references('id').inTable('inbox_contacts').onDelete('CASCADE');
    t.text('channel').notNullable();
    // The provider's thread id: the conversation mapping, unique per tenant and channel.
    t.text('external_id');
    t.text('state').notNullable().defaultTo('new');
    t.uuid('assignee_id');
    t.text('priority').notNullable().defaultTo('normal');
    t.text('subject');
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('snoozed_until', { useTz: true });
    t.timestamp('waiting_since', { useTz: true });
    t.timestamp('first_inbound_at', { useTz: true });
    t.timestamp('first_response_at', { useTz: true });
    t.timestamp('last_message_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.timestamp('anonymized_at', { useTz: true });
    // Last message sequence number handed out: incremented under the row lock, so gap-free.
    t.integer('last_seq').notNullable().defaultTo(0);
    t.text('preview');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'state', 'updated_at'], 'inbox_conversations_queue_idx');
    t.index(['tenant_id', 'assignee_id', 'state'], 'inbox_conversations_assignee_idx');
    t.index(['tenant_id', 'contact_id'], 'inbox_conversations_contact_idx');
  });
  await knex.raw(
    `ALTER TABLE inbox_conversations ADD CONSTRAINT inbox_conversations_state_ck CHECK (state IN ('new', 'assigned', 'snoozed', 'closed'))`,
  );
  await knex.raw(
    `ALTER TABLE inbox_conversations ADD CONSTRAINT inbox_conversations_priority_ck CHECK (priority IN ('low', 'normal', 'high', 'urgent'))`,
  );
  await knex.raw(
    `ALTER TABLE inbox_conversations ADD CONSTRAINT inbox_conversations_assigned_ck CHECK (state <> 'assigned' OR assignee_id IS NOT NULL)`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX inbox_conversations_channel_external_uq ON inbox_conversations (tenant_id, channel, external_id) WHERE external_id IS NOT NULL`,
  );
  await knex.raw(`CREATE INDEX inbox_conversations_waiting_idx ON inbox_conversations (tenant_id, waiting_since) WHERE state = 'new'`);
  await knex.raw(`CREATE INDEX inbox_conversations_snoozed_idx ON inbox_conversations (snoozed_until) WHERE state = 'snoozed'`);
  await knex.raw(`CREATE INDEX inbox_conversations_tags_idx ON inbox_conversations USING gin (tags)`);

  await knex.schema.createTable('inbox_messages', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable().references('id').inTable('inbox_conversations').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.text('author_kind').notNullable();
    t.uuid('author_id');
    t.text('body').notNullable();
    t.jsonb('payload');
    t.text('channel').notNullable();
    t.text('external_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['conversation_id', 'seq'], { indexName: 'inbox_messages_seq_uq' });
  });
  await knex.raw(
    `ALTER TABLE inbox_messages ADD CONSTRAINT inbox_messages_author_kind_ck CHECK (author_kind IN ('contact', 'agent', 'bot', 'system'))`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX inbox_messages_channel_external_uq ON inbox_messages (tenant_id, channel, external_id) WHERE external_id IS NOT NULL`,
  );

  await knex.schema.createTable('inbox_notes', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable().references('id').inTable('inbox_conversations').onDelete('CASCADE');
    t.uuid('author_id').notNullable();
    t.text('body').notNullable();
    t.specificType('mentions', 'uuid[]').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'conversation_id', 'created_at'], 'inbox_notes_conversation_idx');
  });

  await knex.schema.createTable('inbox_tags', (t) => {
    t.uuid('tenant_id').notNullable();
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'name']);
  });

  await knex.schema.createTable('inbox_assignments', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable().references('id').inTable('inbox_conversations').onDelete('CASCADE');
    t.uuid('agent_id');
    t.uuid('previous_agent_id');
    t.text('strategy').notNullable();
    t.uuid('actor_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'conversation_id', 'created_at'], 'inbox_assignments_conversation_idx');
  });

  await knex.schema.createTable('inbox_audit_log', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.uuid('conversation_id').notNullable().references('id').inTable('inbox_conversations').onDelete('CASCADE');
    t.text('action').notNullable();
    t.text('from_state');
    t.text('to_state');
    t.text('actor_kind').notNullable();
    t.uuid('actor_id');
    t.jsonb('details');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'conversation_id', 'created_at'], 'inbox_audit_conversation_idx');
  });

  await knex.schema.createTable('inbox_macros', (t) => {
    t.uuid('id').primary();
    t.uuid('tenant_id').notNullable();
    t.text('name').notNullable();
    t.text('body');
    t.jsonb('actions').notNullable().defaultTo('[]');
    t.uuid('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'name'], { indexName: 'inbox_macros_name_uq' });
  });

  await knex.schema.createTable('inbox_agent_status', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('agent_id').notNullable();
    t.boolean('available').notNullable().defaultTo(true);
    t.integer('capacity');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'agent_id']);
  });

  await knex.schema.createTable('inbox_round_robin', (t) => {
    t.uuid('tenant_id').primary();
    t.uuid('last_agent_id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('inbox_settings', (t) => {
    t.uuid('tenant_id').primary();
    t.boolean('auto_assign').notNullable().defaultTo(false);
    t.integer('default_capacity');
    t.integer('retention_days');
    t.text('retention_mode').notNullable().defaultTo('anonymize');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // One row per periodic job run (name, period): the first job of a period schedules the next one.
  await knex.schema.createTable('inbox_job_runs', (t) => {
    t.text('name').notNullable();
    t.text('period').notNullable();
    t.timestamp('ran_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['name', 'period']);
  });
  await knex.raw(
    `ALTER TABLE inbox_settings ADD CONSTRAINT inbox_settings_retention_mode_ck CHECK (retention_mode IN ('delete', 'anonymize'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'inbox_job_runs',
    'inbox_settings',
    'inbox_round_robin',
    'inbox_agent_status',
    'inbox_macros',
    'inbox_audit_log',
    'inbox_assignments',
    'inbox_tags',
    'inbox_notes',
    'inbox_messages',
    'inbox_conversations',
    'inbox_contacts',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
