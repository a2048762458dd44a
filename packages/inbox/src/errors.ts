import { Conflict, Forbidden, Invalid, NotFound } from '@bacon/sdk';
import type { ConversationState } from '@bacon/inbox-contract';

/** The inbox's error catalog: each domain refusal once, with its stable code and status. */
export const InboxErrors = {
  conversationNotFound: (id: string) => NotFound('No such conversation.', { conversationId: id }),
  macroNotFound: (id: string) => NotFound('No such macro.', { macroId: id }),
  noteNotFound: (id: string) => NotFound('No such note.', { noteId: id }),
  agentNotFound: (id: string) => NotFound('No such agent in this tenant.', { agentId: id }, 'agent_not_found'),
  illegalTransition: (from: ConversationState, to: ConversationState, allowed: readonly ConversationState[]) =>
    Conflict(`A conversation cannot go from ${from} to ${to}.`, { from, to, allowed }, 'illegal_transition'),
  needsAssignee: () => Conflict('Assigned needs an agent: pass agentId or use the assign endpoint.', undefined, 'assignee_required'),
  alreadyAssigned: (assigneeId: string) => Conflict('The conversation is already assigned.', { assigneeId }, 'already_assigned'),
  noAgentAvailable: () => Conflict('No available agent has free capacity.', undefined, 'no_agent_available'),
  agentAtCapacity: (agentId: string, capacity: number) => Conflict('The agent is at capacity.', { agentId, capacity }, 'agent_at_capacity'),
  conversationClosed: () => Conflict('The conversation is closed; reopen it first.', undefined, 'conversation_closed'),
  snoozeUntilRequired: () => Invalid('Snoozing needs a future `until`.', { field: 'until' }, 'snooze_until_required'),
  macroNameTaken: (name: string) => Conflict('A macro with this name exists.', { name }, 'macro_name_taken'),
  notNoteAuthor: () => Forbidden('Only the author or an admin may change a note.', undefined, 'not_note_author'),
  invalidCursor: () => Invalid('The cursor is not valid.', { field: 'cursor' }, 'invalid_cursor'),
  unknownMention: (ids: string[]) => Invalid('Mentioned users are not in this tenant.', { mentions: ids }, 'unknown_mention'),
};
