import type { Knex } from 'knex';
import type { Attachment } from '@bacon/sdk';
import type { Note } from '@bacon/inbox-contract';
import { iso, json, textArray } from './rows.js';

const TABLE = 'inbox_notes';

function toNote(r: Record<string, unknown>): Note {
  const attachments = json<Attachment[] | null>(r.attachments, null);
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    conversationId: r.conversation_id as string,
    authorId: (r.author_id as string | null) ?? null,
    body: r.body as string,
    mentions: textArray(r.mentions),
    ...(attachments?.length ? { attachments } : {}),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function insertNote(db: Knex, n: Omit<Note, 'createdAt' | 'updatedAt'> & { now: Date }): Promise<Note> {
  const [row] = await db(TABLE)
    .insert({
      id: n.id,
      tenant_id: n.tenantId,
      conversation_id: n.conversationId,
      author_id: n.authorId,
      body: n.body,
      mentions: n.mentions,
      attachments: n.attachments?.length ? JSON.stringify(n.attachments) : null,
      created_at: n.now,
      updated_at: n.now,
    })
    .returning('*');
  return toNote(row);
}

export async function findNote(db: Knex, tenantId: string, conversationId: string, id: string): Promise<Note | undefined> {
  const row = await db(TABLE).where({ tenant_id: tenantId, conversation_id: conversationId, id }).first();
  return row ? toNote(row) : undefined;
}

export async function listNotes(db: Knex, tenantId: string, conversationId: string): Promise<Note[]> {
  const rows = await db(TABLE)
    .where({ tenant_id: tenantId, conversation_id: conversationId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }]);
  return rows.map(toNote);
}

export async function updateNote(
  db: Knex,
  tenantId: string,
  id: string,
  patch: { body: string; mentions: string[] },
  now: Date,
): Promise<Note> {
  const [row] = await db(TABLE)
    .where({ tenant_id: tenantId, id })
    .update({ body: patch.body, mentions: patch.mentions, updated_at: now })
    .returning('*');
  return toNote(row);
}

export async function deleteNote(db: Knex, tenantId: string, id: string): Promise<void> {
  await db(TABLE).where({ tenant_id: tenantId, id }).delete();
}

export async function anonymizeNotes(db: Knex, tenantId: string, conversationIds: string[]): Promise<number> {
  if (!conversationIds.length) return 0;
  return db(TABLE)
    .where({ tenant_id: tenantId })
    .whereIn('conversation_id', conversationIds)
    .update({ body: '[removed]', mentions: [], attachments: null });
}
