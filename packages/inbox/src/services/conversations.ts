import { findContact } from '../repositories/contacts.js';
import {
  countViews as countViewRows,
  findConversation,
  listConversations as listRows,
  updateConversation,
  type ConversationCursor,
  type ConversationFilter,
  type ConversationSort,
} from '../repositories/conversations.js';
import { rememberTags } from '../repositories/tags.js';
import { InboxErrors } from '../errors.js';
import {
  VIEWS,
  type Contact,
  type Conversation,
  type ConversationListItem,
  type EventCause,
  type Priority,
  type ViewCount,
} from '@bacon/inbox-contract';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { InboxDeps } from './deps.js';
import { emitConversation } from './emit.js';
import { inTransaction, type Work } from './unit-of-work.js';
import { withRetry } from '@bacon/sdk';

const isConversationCursor = (v: unknown): v is ConversationCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ConversationCursor).id === 'string' &&
  ['undefined', 'number'].includes(typeof (v as ConversationCursor).rank) &&
  !Number.isNaN(Date.parse(String((v as ConversationCursor).at)));

export interface ListQuery extends ConversationFilter {
  sort: ConversationSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

export async function listConversations(
  deps: InboxDeps,
  tenantId: string,
  query: ListQuery,
): Promise<{ items: ConversationListItem[]; nextCursor: string | null }> {
  const { sort, order, limit, cursor, ...filter } = query;
  const after = cursor ? decodeCursor(cursor, isConversationCursor) : undefined;
  const page = await withRetry(() => listRows(deps.db, tenantId, filter, sort, { limit, order, after }));
  return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
}

/** Every view with how many conversations it holds for agent `me`, and how many of them `me` has not read. */
export async function countViews(deps: InboxDeps, tenantId: string, me: string): Promise<ViewCount[]> {
  const counts = await withRetry(() => countViewRows(deps.db, tenantId, me, VIEWS));
  return VIEWS.map((id) => ({ id, ...counts[id] }));
}

export async function getConversation(
  deps: InboxDeps,
  tenantId: string,
  id: string,
): Promise<{ conversation: Conversation; contact: Contact | null }> {
  const conversation = await withRetry(() => findConversation(deps.db, tenantId, id));
  if (!conversation) throw InboxErrors.conversationNotFound(id);
  return { conversation, contact: (await withRetry(() => findContact(deps.db, tenantId, conversation.contactId))) ?? null };
}

export async function updateDetails(
  deps: InboxDeps,
  tenantId: string,
  id: string,
  patch: { priority?: Priority; subject?: string | null },
  now: Date = new Date(),
  cause?: EventCause,
): Promise<Conversation> {
  return inTransaction({ ...deps, cause }, async (work) => {
    const conv = await findConversation(work.trx, tenantId, id, { forUpdate: true });
    if (!conv) throw InboxErrors.conversationNotFound(id);
    const changes = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== undefined && patch[k] !== conv[k]);
    if (!changes.length) return conv;
    const updated = await updateConversation(work.trx, tenantId, id, patch, now);
    emitConversation(work, 'conversation.updated', updated, { changes });
    return updated;
  });
}

export interface TagChange {
  add?: string[];
  remove?: string[];
  /** Replaces the whole set (applied before add/remove). */
  set?: string[];
}

/** Tag changes inside an open unit of work on a locked conversation; tags are kept sorted and unique. */
export async function changeTagsIn(work: Work, conv: Conversation, change: TagChange, now: Date): Promise<Conversation> {
  const tags = new Set(change.set ?? conv.tags);
  for (const t of change.add ?? []) tags.add(t);
  for (const t of change.remove ?? []) tags.delete(t);
  const next = [...tags].sort();
  if (next.join('\u0000') === conv.tags.join('\u0000')) return conv;
  await rememberTags(work.trx, conv.tenantId, next, now);
  const updated = await updateConversation(work.trx, conv.tenantId, conv.id, { tags: next }, now);
  emitConversation(work, 'conversation.updated', updated, { changes: ['tags'] });
  return updated;
}

export async function changeTags(
  deps: InboxDeps,
  tenantId: string,
  id: string,
  change: TagChange,
  now: Date = new Date(),
  cause?: EventCause,
): Promise<Conversation> {
  return inTransaction({ ...deps, cause }, async (work) => {
    const conv = await findConversation(work.trx, tenantId, id, { forUpdate: true });
    if (!conv) throw InboxErrors.conversationNotFound(id);
    return changeTagsIn(work, conv, change, now);
  });
}
