import type { Conversation } from '../api/types.js';
import type { ConversationListQuery } from '@bacon/inbox-contract';
import type { MessageKey } from '../i18n/i18n.js';

export type ColumnId = 'new' | 'mine' | 'assigned' | 'snoozed' | 'closed';

export interface ColumnDef {
  id: ColumnId;
  /** The column's heading, read with `t()`. */
  title: MessageKey;
  query: (me: string) => ConversationListQuery;
}

/** The five queue columns and the question each asks the API. */
export const COLUMNS: ColumnDef[] = [
  { id: 'new', title: 'queue.columnNew', query: () => ({ state: 'new' }) },
  { id: 'mine', title: 'queue.columnMine', query: () => ({ state: 'assigned', assignee: 'me' }) },
  { id: 'assigned', title: 'queue.columnAssigned', query: () => ({ state: 'assigned' }) },
  { id: 'snoozed', title: 'queue.columnSnoozed', query: () => ({ state: 'snoozed' }) },
  { id: 'closed', title: 'queue.columnClosed', query: () => ({ state: 'closed' }) },
];

/** Which column a conversation belongs in; "Assigned" holds the ones assigned to someone else. */
export function columnOf(c: Conversation, me: string): ColumnId {
  if (c.state === 'assigned') return c.assigneeId === me ? 'mine' : 'assigned';
  return c.state;
}

export interface Filters {
  q: string;
  tag: string;
  channel: string;
}

/** Whether a conversation that arrived live passes the filters on screen. */
export function matchesFilters(c: Conversation, f: Filters): boolean {
  if (f.tag && !c.tags?.includes(f.tag)) return false;
  if (f.channel && c.channel !== f.channel) return false;
  if (f.q) {
    const hay = `${c.subject ?? ''} ${c.preview ?? ''} ${c.contact?.name ?? ''} ${c.contact?.email ?? ''}`.toLowerCase();
    if (!hay.includes(f.q.toLowerCase())) return false;
  }
  return true;
}
