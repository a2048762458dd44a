import type { ConversationState } from './types.js';

/** The queue states, in the order a queue shows them. */
export const STATES: readonly ConversationState[] = ['new', 'assigned', 'snoozed', 'closed'];

/**
 * The one transition table of the queue: the inbox enforces it, the console offers only these moves.
 * `assigned` always has an assignee; `new` never does. Snoozed wakes to its previous queue (assigned
 * when it kept its agent, else new); closed reopens.
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
