import type { Knex } from 'knex';

const TABLE = 'channels_web_conversations';

/** The contact's external id for a visitor (one rule, in the SDK: analytics checks ownership with it too). */
export { visitorKey } from '@bacon/sdk';

export async function recordVisitorConversation(db: Knex, tenantId: string, conversationId: string, key: string): Promise<void> {
  await db(TABLE)
    .insert({ tenant_id: tenantId, conversation_id: conversationId, visitor_key: key })
    .onConflict(['tenant_id', 'conversation_id'])
    .ignore();
}

export async function visitorOwns(db: Knex, tenantId: string, conversationId: string, key: string): Promise<boolean> {
  return !!(await db(TABLE).where({ tenant_id: tenantId, conversation_id: conversationId, visitor_key: key }).first('conversation_id'));
}

export async function listVisitorConversations(
  db: Knex,
  tenantId: string,
  key: string,
  limit = 20,
): Promise<{ conversationId: string; visitorReadSeq: number; createdAt: string }[]> {
  const rows = await db(TABLE).where({ tenant_id: tenantId, visitor_key: key }).orderBy('created_at', 'desc').limit(limit);
  return rows.map((r: Record<string, unknown>) => ({
    conversationId: r.conversation_id as string,
    visitorReadSeq: Number(r.visitor_read_seq),
    createdAt: new Date(r.created_at as string).toISOString(),
  }));
}

/** Read receipts only move forward. */
export async function markVisitorRead(db: Knex, tenantId: string, conversationId: string, key: string, seq: number): Promise<void> {
  await db(TABLE)
    .where({ tenant_id: tenantId, conversation_id: conversationId, visitor_key: key })
    .where('visitor_read_seq', '<', seq)
    .update({ visitor_read_seq: seq });
}
