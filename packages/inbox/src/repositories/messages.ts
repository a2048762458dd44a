import type { Knex } from 'knex';
import type { AuthorKind, Message } from '@bacon/inbox-contract';
import { iso, json } from './rows.js';

const TABLE = 'inbox_messages';

/** A message row's own columns: what `toMessage` reads (not `search_vector`, the body's words again). */
export const MESSAGE_COLUMNS = [
  'id',
  'tenant_id',
  'conversation_id',
  'seq',
  'author_kind',
  'author_id',
  'body',
  'payload',
  'channel',
  'external_id',
  'created_at',
] as const;

export function toMessage(r: Record<string, unknown>): Message {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    conversationId: r.conversation_id as string,
    seq: Number(r.seq),
    authorKind: r.author_kind as AuthorKind,
    authorId: (r.author_id as string | null) ?? null,
    body: r.body as string,
    payload: json<Record<string, unknown> | null>(r.payload, null),
    channel: r.channel as string,
    externalId: (r.external_id as string | null) ?? null,
    createdAt: iso(r.created_at),
  };
}

/** A message about to be stored: the row's fields, with the time it is written. */
export type NewMessage = Omit<Message, 'createdAt'> & { now: Date };

export async function insertMessage(db: Knex, m: NewMessage): Promise<Message> {
  const [row] = await db(TABLE)
    .insert({
      id: m.id,
      tenant_id: m.tenantId,
      conversation_id: m.conversationId,
      seq: m.seq,
      author_kind: m.authorKind,
      author_id: m.authorId,
      body: m.body,
      payload: m.payload === null ? null : JSON.stringify(m.payload),
      channel: m.channel,
      external_id: m.externalId,
      created_at: m.now,
    })
    .returning(MESSAGE_COLUMNS);
  return toMessage(row);
}

export async function findMessageByExternalId(
  db: Knex,
  tenantId: string,
  channel: string,
  externalId: string,
): Promise<Message | undefined> {
  const row = await db(TABLE).where({ tenant_id: tenantId, channel, external_id: externalId }).first();
  return row ? toMessage(row) : undefined;
}

/**
 * One page of a transcript by sequence number: newest first (`desc`, before the cursor) or oldest
 * first (`asc`, after it). Messages that arrive while paging get higher numbers, so pages never
 * repeat or skip one.
 */
export async function listMessages(
  db: Knex,
  tenantId: string,
  conversationId: string,
  page: { order: 'asc' | 'desc'; afterSeq?: number; limit: number },
): Promise<Message[]> {
  const q = db(TABLE).where({ tenant_id: tenantId, conversation_id: conversationId });
  if (page.afterSeq !== undefined) q.where('seq', page.order === 'desc' ? '<' : '>', page.afterSeq);
  const rows = await q.orderBy('seq', page.order).limit(page.limit);
  return rows.map(toMessage);
}

/** Blanks the text of every message of the given conversations (retention: anonymize). */
export async function anonymizeMessages(db: Knex, tenantId: string, conversationIds: string[]): Promise<number> {
  if (!conversationIds.length) return 0;
  return db(TABLE).where({ tenant_id: tenantId }).whereIn('conversation_id', conversationIds).update({ body: '[removed]', payload: null });
}
