import { findContact } from '../repositories/contacts.js';
import { findConversation } from '../repositories/conversations.js';
import { listMessages } from '../repositories/messages.js';
import { InboxErrors } from '../errors.js';
import type { Message, TranscriptExport } from '@bacon/inbox-contract';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { InboxDeps } from './deps.js';
import { withRetry } from '@bacon/sdk';

const isSeqCursor = (v: unknown): v is { seq: number } =>
  typeof v === 'object' && v !== null && Number.isInteger((v as { seq?: unknown }).seq);

/**
 * A page of a conversation's transcript (messages only: notes are never part of it), newest or
 * oldest first, keyed by sequence number so that pages neither repeat nor skip while messages arrive.
 */
export async function transcriptPage(
  deps: InboxDeps,
  tenantId: string,
  conversationId: string,
  page: { order: 'asc' | 'desc'; limit: number; cursor?: string },
): Promise<{ items: Message[]; nextCursor: string | null }> {
  const after = page.cursor ? decodeCursor(page.cursor, isSeqCursor).seq : undefined;
  const conv = await withRetry(() => findConversation(deps.db, tenantId, conversationId));
  if (!conv) throw InboxErrors.conversationNotFound(conversationId);
  const rows = await withRetry(() =>
    listMessages(deps.db, tenantId, conversationId, { order: page.order, afterSeq: after, limit: page.limit + 1 }),
  );
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor({ seq: last.seq }) : null };
}

/** Messages after `afterSeq`, oldest first: what a realtime client missed while disconnected. */
export async function listMessagesSince(
  deps: InboxDeps,
  tenantId: string,
  conversationId: string,
  afterSeq: number,
  limit = 500,
): Promise<Message[]> {
  return withRetry(() => listMessages(deps.db, tenantId, conversationId, { order: 'asc', afterSeq, limit }));
}

/** The whole contact-facing transcript, each text through the redaction hooks (purpose `export`). */
export async function exportTranscript(deps: InboxDeps, tenantId: string, conversationId: string): Promise<TranscriptExport> {
  const conversation = await findConversation(deps.db, tenantId, conversationId);
  if (!conversation) throw InboxErrors.conversationNotFound(conversationId);
  const contact = (await findContact(deps.db, tenantId, conversation.contactId)) ?? null;
  const messages: Message[] = [];
  let after = 0;
  for (;;) {
    const batch = await listMessages(deps.db, tenantId, conversationId, { order: 'asc', afterSeq: after, limit: 1000 });
    for (const m of batch) {
      messages.push({ ...m, body: await deps.redaction.apply(m.body, { tenantId, channel: m.channel, purpose: 'export' }) });
    }
    if (batch.length < 1000) break;
    after = batch.at(-1)!.seq;
  }
  return { conversation, contact, messages };
}
