import type { Knex } from 'knex';

/**
 * What the team has done with a web conversation's messages, for the visitor's sent / delivered /
 * seen marks: the last sequence number an agent's console received (delivered) and the last one an
 * agent had in front of them with the conversation open (seen). Both only move forward.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels_web_conversations', (t) => {
    t.integer('agent_delivered_seq').notNullable().defaultTo(0);
    t.integer('agent_seen_seq').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels_web_conversations', (t) => {
    t.dropColumn('agent_seen_seq');
    t.dropColumn('agent_delivered_seq');
  });
}
