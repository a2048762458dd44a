import type { Conversation, ConversationView, Priority } from './types.js';

/** The inbox's views, in the order the console lists them. */
export const VIEWS: readonly ConversationView[] = ['new', 'mine', 'unassigned', 'all', 'snoozed', 'closed'];

/**
 * Whether a conversation belongs in a view for agent `me`. The inbox answers the same question in SQL
 * (`GET /conversations?view=`, `GET /inbox/views`); the console asks this one for conversations that
 * change live. New: waiting for a first agent. Mine: open and assigned to me. Unassigned: open with
 * nobody. All: every open one (not closed). Snoozed and Closed: by state.
 */
export function conversationInView(c: Pick<Conversation, 'state' | 'assigneeId'>, view: ConversationView, me: string): boolean {
  switch (view) {
    case 'new':
      return c.state === 'new';
    case 'mine':
      return c.state !== 'closed' && c.assigneeId === me;
    case 'unassigned':
      return c.state !== 'closed' && c.assigneeId === null;
    case 'all':
      return c.state !== 'closed';
    case 'snoozed':
      return c.state === 'snoozed';
    case 'closed':
      return c.state === 'closed';
  }
}

/** The priorities, lowest first (`none` is the default: nobody set one). */
export const PRIORITIES: readonly Priority[] = ['none', 'low', 'medium', 'high', 'urgent'];

/** A priority's rank: 0 for none up to 4 for urgent (sorting by priority puts urgent first). */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}
