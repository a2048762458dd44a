import type { ActionTarget } from '../run-action.js';

/** The conversation an action works on; an event without one (a schedule tick) cannot run it. */
export function needConversation(t: Pick<ActionTarget, 'conversationId'>): string {
  if (!t.conversationId) throw new Error('this action needs a conversation and the event has none');
  return t.conversationId;
}
