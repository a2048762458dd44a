import type { Knex } from 'knex';
import type { Conversation, Message } from '@bacon/inbox-contract';
import { toConversation } from './conversations.js';
import { MESSAGE_COLUMNS, toMessage } from './messages.js';

export interface OpenAppend {
  tenantId: string;
  channel: string;
  conversationExternalId: string;
  contactExternalId: string;
  /** Contact fields the message refreshes (as `upsertContact` would). */
  contact: { name?: string; email?: string; phone?: string };
  messageId: string;
  body: string;
  preview: string;
  payload: Record<string, unknown> | null;
  externalMessageId: string;
  now: Date;
}

/** An ISO-8601 UTC timestamp in SQL, the same text `toISOString` gives for a millisecond value. */
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The `Conversation` contract object of a row, built in SQL (for the event written in the same statement). */
export function conversationJson(a: string): string {
  return `jsonb_build_object(
    'id', ${a}.id, 'tenantId', ${a}.tenant_id, 'contactId', ${a}.contact_id, 'channel', ${a}.channel,
    'externalId', ${a}.external_id, 'state', ${a}.state, 'assigneeId', ${a}.assignee_id, 'priority', ${a}.priority,
    'subject', ${a}.subject, 'tags', to_jsonb(${a}.tags), 'snoozedUntil', ${iso(`${a}.snoozed_until`)},
    'waitingSince', ${iso(`${a}.waiting_since`)}, 'firstInboundAt', ${iso(`${a}.first_inbound_at`)},
    'firstResponseAt', ${iso(`${a}.first_response_at`)}, 'lastMessageAt', ${iso(`${a}.last_message_at`)},
    'closedAt', ${iso(`${a}.closed_at`)}, 'lastSeq', ${a}.last_seq, 'preview', ${a}.preview,
    'createdAt', ${iso(`${a}.created_at`)}, 'updatedAt', ${iso(`${a}.updated_at`)})`;
}

/**
 * The `message.created` and `conversation.updated` rows for the host's event log, as a CTE over
 * `bumped b` (the updated conversation) and the `:message` JSON (the message without its conversation,
 * sequence number and author, which the statement decides).
 */
export function eventsCte(eventTable: string, authorId: string, from: string): string {
  return `, ev AS (
        INSERT INTO ${eventTable} (tenant_id, topic, key, seq, payload)
        SELECT :tenantId, 'message.created', b.id::text, b.last_seq, jsonb_build_object('conversationId', b.id, 'visibility', 'public',
                 'message', :message::jsonb || jsonb_build_object('conversationId', b.id, 'seq', b.last_seq, 'channel', b.channel, 'authorId', ${authorId}))
          FROM bumped b${from ? `, ${from}` : ''}
        UNION ALL
        SELECT :tenantId, 'conversation.updated', b.id::text, b.last_seq, jsonb_build_object('conversationId', b.id, 'conversation', ${conversationJson('b')})
          FROM bumped b${from ? `, ${from}` : ''})`;
}

/**
 * The common case of an inbound message in ONE statement (one round trip, its own transaction): a
 * message from a known contact into an existing conversation that is open (not snoozed, not closed).
 * The conversation row is locked by the UPDATE that takes the next sequence number (re-checked on the
 * newest row version, so concurrent messages queue on it), the message is inserted with that number,
 * the contact's given fields are refreshed (the contact is only read when none are given), and when `eventTable` is given the `message.created` and
 * `conversation.updated` events go into the host's log in the same statement. A message whose
 * provider id is already stored fails the whole statement with 23505 (nothing written, no sequence
 * number used). Returns undefined, having written nothing, when the case does not apply.
 */
export async function appendToOpenConversation(
  db: Knex,
  eventTable: string | undefined,
  m: OpenAppend,
): Promise<{ message: Message; conversation: Conversation } | undefined> {
  const refresh = (['name', 'email', 'phone'] as const).filter((f) => m.contact[f] !== undefined);
  const message = {
    id: m.messageId,
    tenantId: m.tenantId,
    authorKind: 'contact',
    body: m.body,
    payload: m.payload,
    channel: m.channel,
    externalId: m.externalMessageId,
    createdAt: m.now.toISOString(),
  };
  const statement = inboundStatement(refresh, eventTable);
  const { rows } = (await db
    .raw(statement.text, {
      ...m,
      name: m.contact.name ?? null,
      email: m.contact.email ?? null,
      phone: m.contact.phone ?? null,
      payload: m.payload === null ? null : JSON.stringify(m.payload),
      message: JSON.stringify(message),
    })
    .options({ name: statement.name })) as { rows: { message: Record<string, unknown>; conversation: Record<string, unknown> }[] };
  const row = rows[0];
  return row ? { message: toMessage(row.message), conversation: toConversation(row.conversation) } : undefined;
}

const inboundStatements = new Map<string, { name: string; text: string }>();

/**
 * The statement's text for one shape (which contact fields it refreshes, which event table), built
 * once. Its name makes the pg driver prepare it once per connection and then send only the values
 * (PGlite ignores the name and parses it each time).
 */
function inboundStatement(refresh: readonly ('name' | 'email' | 'phone')[], eventTable: string | undefined) {
  const key = `${refresh.join('_') || 'read'}_${eventTable ?? 'noevents'}`;
  let statement = inboundStatements.get(key);
  if (statement) return statement;
  // A contact with nothing to refresh is only read (no row version, no index update for nothing).
  const contact = refresh.length
    ? `UPDATE inbox_contacts SET updated_at = :now, ${refresh.map((f) => `${f} = :${f}`).join(', ')}
        WHERE tenant_id = :tenantId AND channel = :channel AND external_id = :contactExternalId
       RETURNING id`
    : 'SELECT id FROM inbox_contacts WHERE tenant_id = :tenantId AND channel = :channel AND external_id = :contactExternalId';
  const events = eventTable ? eventsCte(eventTable, 'c.id', 'contact c') : '';
  const text = `WITH contact AS (${contact}),
     bumped AS (
       UPDATE inbox_conversations
          SET last_seq = last_seq + 1, last_message_at = :now, preview = :preview, updated_at = :now,
              first_inbound_at = COALESCE(first_inbound_at, :now), waiting_since = COALESCE(waiting_since, :now)
        WHERE tenant_id = :tenantId AND channel = :channel AND external_id = :conversationExternalId
          AND state NOT IN ('snoozed', 'closed') AND EXISTS (SELECT 1 FROM contact)
       RETURNING *),
     msg AS (
       INSERT INTO inbox_messages (id, tenant_id, conversation_id, seq, author_kind, author_id, body, payload, channel, external_id, created_at)
       SELECT :messageId, :tenantId, b.id, b.last_seq, 'contact', c.id, :body, :payload::jsonb, :channel, :externalMessageId, :now
         FROM bumped b, contact c
       RETURNING ${MESSAGE_COLUMNS.join(', ')})${events}
     SELECT row_to_json(msg.*) AS message, row_to_json(bumped.*) AS conversation FROM msg, bumped`;
  statement = { name: `inbox_append_inbound_${key}`, text };
  inboundStatements.set(key, statement);
  return statement;
}
