import type { Knex } from 'knex';
import type { AuthorKind, Conversation, Message } from '@bacon/inbox-contract';
import { eventsCte } from './append-inbound.js';
import { toConversation } from './conversations.js';
import { MESSAGE_COLUMNS, toMessage } from './messages.js';

export interface ReplyAppend {
  tenantId: string;
  conversationId: string;
  authorKind: AuthorKind;
  authorId: string | null;
  messageId: string;
  body: string;
  preview: string;
  payload: Record<string, unknown> | null;
  now: Date;
}

/**
 * An agent, bot or system message in ONE statement (one round trip, its own transaction), as
 * `appendMessage` would write it: the conversation's `last_seq` bumped by an UPDATE that locks the row
 * (so concurrent messages of one conversation get consecutive numbers), the timers kept (an agent's
 * reply stops `waiting_since` and sets the first response after an inbound message), the message
 * inserted, and both events written to the log in the same statement when `eventTable` is given.
 * Undefined, having written nothing, when the conversation is missing or closed.
 */
export async function appendReply(
  db: Knex,
  eventTable: string | undefined,
  m: ReplyAppend,
): Promise<{ message: Message; conversation: Conversation } | undefined> {
  const message = {
    id: m.messageId,
    tenantId: m.tenantId,
    authorKind: m.authorKind,
    body: m.body,
    payload: m.payload,
    channel: null,
    externalId: null,
    createdAt: m.now.toISOString(),
  };
  const statement = replyStatement(m.authorKind === 'agent', eventTable);
  const { rows } = (await db
    .raw(statement.text, { ...m, payload: m.payload === null ? null : JSON.stringify(m.payload), message: JSON.stringify(message) })
    .options({ name: statement.name })) as { rows: { message: Record<string, unknown>; conversation: Record<string, unknown> }[] };
  const row = rows[0];
  return row ? { message: toMessage(row.message), conversation: toConversation(row.conversation) } : undefined;
}

const replyStatements = new Map<string, { name: string; text: string }>();

/** The statement's text for one shape (agent or not, which event table), built once and named (prepared by pg). */
function replyStatement(agent: boolean, eventTable: string | undefined) {
  const key = `${agent ? 'agent' : 'other'}_${eventTable ?? 'noevents'}`;
  let statement = replyStatements.get(key);
  if (statement) return statement;
  // An agent's reply stops `waiting_since` and sets the first response after an inbound message.
  const timers = agent
    ? ', first_response_at = CASE WHEN first_inbound_at IS NOT NULL AND first_response_at IS NULL THEN :now ELSE first_response_at END, waiting_since = NULL'
    : '';
  const text = `WITH bumped AS (
       UPDATE inbox_conversations
          SET last_seq = last_seq + 1, last_message_at = :now, preview = :preview, updated_at = :now${timers}
        WHERE tenant_id = :tenantId AND id = :conversationId AND state <> 'closed'
       RETURNING *),
     msg AS (
       INSERT INTO inbox_messages (id, tenant_id, conversation_id, seq, author_kind, author_id, body, payload, channel, external_id, created_at)
       SELECT :messageId, :tenantId, b.id, b.last_seq, :authorKind, :authorId, :body, :payload::jsonb, b.channel, NULL, :now
         FROM bumped b
       RETURNING ${MESSAGE_COLUMNS.join(', ')})${eventTable ? eventsCte(eventTable, ':authorId::uuid', '') : ''}
     SELECT row_to_json(msg.*) AS message, row_to_json(bumped.*) AS conversation FROM msg, bumped`;
  statement = { name: `inbox_append_reply_${key}`, text };
  replyStatements.set(key, statement);
  return statement;
}
