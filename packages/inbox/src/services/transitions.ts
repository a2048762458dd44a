import type { ConversationState } from '../types.js';
import { InboxErrors } from '../errors.js';

export const STATES: readonly ConversationState[] = ['new', 'assigned', 'snoozed', 'closed'];

/**
 * The one transition table of the queue. `assigned` always has an assignee; `new` never does.
 * Snoozed wakes to its previous queue (assigned when it kept its agent, else new); closed reopens.
 */
export const TRANSITIONS: Readonly<Record<ConversationState, readonly ConversationState[]>> = {
  new: ['assigned', 'snoozed', 'closed'],
  assigned: ['new', 'snoozed', 'closed'],
  snoozed: ['new', 'assigned', 'closed'],
  closed: ['new', 'assigned'],
};

export function allowedTransitions(from: ConversationState): readonly ConversationState[] {
  return TRANSITIONS[from];
}

export function canTransition(from: ConversationState, to: ConversationState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws 409 `illegal_transition` listing the allowed targets. */
export function assertTransition(from: ConversationState, to: ConversationState): void {
  if (!canTransition(from, to)) throw InboxErrors.illegalTransition(from, to, allowedTransitions(from));
}

/** Where a snoozed or closed conversation goes back to: its agent's queue when it kept one. */
export function reopenTarget(assigneeId: string | null): ConversationState {
  return assigneeId ? 'assigned' : 'new';
}
