import { conversationInView, priorityRank, type ConversationView, type Priority } from '@bacon/inbox-contract';
import type { Conversation } from '../api/types.js';
import { t } from '../i18n/i18n.js';

export type ListSort = 'updated' | 'created' | 'priority';

/** What the conversation list shows: a view, a search, a priority and an order. */
export interface ListQuery {
  view: ConversationView;
  q: string;
  priority: '' | Priority;
  sort: ListSort;
}

const VIEW_KEY = {
  new: 'inbox.viewNew',
  mine: 'inbox.viewMine',
  unassigned: 'inbox.viewUnassigned',
  all: 'inbox.viewAll',
  snoozed: 'inbox.viewSnoozed',
  closed: 'inbox.viewClosed',
} as const satisfies Record<ConversationView, string>;

const PRIORITY_KEY = {
  none: 'inbox.priorityNone',
  low: 'inbox.priorityLow',
  medium: 'inbox.priorityMedium',
  high: 'inbox.priorityHigh',
  urgent: 'inbox.priorityUrgent',
} as const satisfies Record<Priority, string>;

/** A view's name in the console's language. */
export const viewLabel = (view: ConversationView): string => t(VIEW_KEY[view]);

/** A priority's name in the console's language. */
export const priorityLabel = (priority: Priority): string => t(PRIORITY_KEY[priority]);

/** Newest first, oldest first, or urgent first then newest: the server's order, for conversations that change live. */
export function compareFor(sort: ListSort): (a: Conversation, b: Conversation) => number {
  const newest = (a: Conversation, b: Conversation) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id);
  if (sort === 'created') return (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
  if (sort === 'priority') return (a, b) => priorityRank(b.priority) - priorityRank(a.priority) || newest(a, b);
  return newest;
}

/** Whether a conversation that changed live belongs in the list on screen. */
export function belongs(c: Conversation, query: ListQuery, me: string): boolean {
  if (!conversationInView(c, query.view, me)) return false;
  if (query.priority && c.priority !== query.priority) return false;
  if (query.q) {
    const hay = `${c.subject ?? ''} ${c.preview ?? ''} ${c.contact?.name ?? ''} ${c.contact?.email ?? ''}`.toLowerCase();
    if (!hay.includes(query.q.toLowerCase())) return false;
  }
  return true;
}

/** The seq I have read up to, as the list knows it (nothing for a conversation it has not shown). */
function readSeqOf(c: Conversation | undefined): number {
  return c ? c.lastSeq - (c.unreadCount ?? 0) : 0;
}

/** The list after I read a conversation: its badge clears. */
export function markReadIn(list: Conversation[], id: string): Conversation[] {
  return list.map((c) => (c.id === id && c.unreadCount ? { ...c, unreadCount: 0 } : c));
}

/**
 * Applies a conversation's new version to the list (its unread count follows `lastSeq` from what I
 * had read; a newcomer counts as unread): replaced in place (its contact kept when the
 * event carries none), added, or dropped when it left the view; the list stays in the query's order.
 */
export function applyChange(list: Conversation[], c: Conversation, query: ListQuery, me: string): Conversation[] {
  const prev = list.find((x) => x.id === c.id);
  if (prev && prev.updatedAt > c.updatedAt) return list;
  const merged = {
    ...c,
    contact: c.contact !== undefined ? c.contact : prev?.contact,
    unreadCount: c.unreadCount ?? Math.max(0, c.lastSeq - readSeqOf(prev)),
  };
  const rest = list.filter((x) => x.id !== c.id);
  if (!belongs(merged, query, me)) return prev ? rest : list;
  return [...rest, merged].sort(compareFor(query.sort));
}
