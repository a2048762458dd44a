import { CommonErrors, defineErrors, NotFound } from '@bacon/sdk';
import type { ConversationState } from '@bacon/inbox-contract';

/** The codes only the inbox throws, each once with its status and default message. */
export const InboxErrorCatalog = defineErrors('inbox', {
  agentNotFound: { code: 'agent_not_found', status: 404, message: 'No such agent in this tenant.' },
  illegalTransition: {
    code: 'illegal_transition',
    status: 409,
    message: (d: { from: ConversationState; to: ConversationState; allowed: readonly ConversationState[] }) =>
      `A conversation cannot go from ${d.from} to ${d.to}.`,
  },
  assigneeRequired: {
    code: 'assignee_required',
    status: 409,
    message: 'Assigned needs an agent: pass agentId or use the assign endpoint.',
  },
  alreadyAssigned: { code: 'already_assigned', status: 409, message: 'The conversation is already assigned.' },
  noAgentAvailable: { code: 'no_agent_available', status: 409, message: 'No available agent has free capacity.' },
  agentAtCapacity: { code: 'agent_at_capacity', status: 409, message: 'The agent is at capacity.' },
  conversationClosed: { code: 'conversation_closed', status: 409, message: 'The conversation is closed; reopen it first.' },
  snoozeUntilRequired: { code: 'snooze_until_required', status: 400, message: 'Snoozing needs a future `until`.' },
  macroNameTaken: { code: 'macro_name_taken', status: 409, message: 'A macro with this name exists.' },
  notNoteAuthor: { code: 'not_note_author', status: 403, message: 'Only the author or an admin may change a note.' },
  noteAttachmentsUnavailable: {
    code: 'note_attachments_unavailable',
    status: 400,
    message: 'This server stores no uploads (the channels plugin is off): a note cannot carry files.',
  },
  unknownMention: { code: 'unknown_mention', status: 400, message: 'Mentioned users are not in this tenant.' },
  mergeIntoItself: { code: 'contact_merge_same', status: 400, message: 'A contact cannot be merged into itself.' },
  pluginActionNotOffered: {
    code: 'plugin_action_not_offered',
    status: 404,
    message: 'No enabled plugin offers this action in conversations.',
  },
});

const E = InboxErrorCatalog;

/** The inbox's refusals, by what the domain knows when it refuses (the generic 404s keep `not_found`). */
export const InboxErrors = {
  conversationNotFound: (id: string) => NotFound('No such conversation.', { conversationId: id }),
  macroNotFound: (id: string) => NotFound('No such macro.', { macroId: id }),
  noteNotFound: (id: string) => NotFound('No such note.', { noteId: id }),
  agentNotFound: (id: string) => E.agentNotFound({ agentId: id }),
  illegalTransition: (from: ConversationState, to: ConversationState, allowed: readonly ConversationState[]) =>
    E.illegalTransition({ from, to, allowed }),
  needsAssignee: () => E.assigneeRequired(),
  alreadyAssigned: (assigneeId: string) => E.alreadyAssigned({ assigneeId }),
  noAgentAvailable: () => E.noAgentAvailable(),
  agentAtCapacity: (agentId: string, capacity: number) => E.agentAtCapacity({ agentId, capacity }),
  conversationClosed: () => E.conversationClosed(),
  snoozeUntilRequired: () => E.snoozeUntilRequired({ field: 'until' }),
  macroNameTaken: (name: string) => E.macroNameTaken({ name }),
  notNoteAuthor: () => E.notNoteAuthor(),
  invalidCursor: () => CommonErrors.invalidCursor({ field: 'cursor' }),
  unknownMention: (ids: string[]) => E.unknownMention({ mentions: ids }),
  noteAttachmentsUnavailable: () => E.noteAttachmentsUnavailable({ field: 'attachments' }),
  mergeIntoItself: () => E.mergeIntoItself({ field: 'sourceId' }),
  pluginActionNotOffered: (d: { pluginId: string; action: string }) => E.pluginActionNotOffered(d),
};
