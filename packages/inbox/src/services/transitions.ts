import { allowedTransitions, canTransition, type ConversationState } from '@bacon/inbox-contract';
import { InboxErrors } from '../errors.js';

/** Throws 409 `illegal_transition` listing the allowed targets. */
export function assertTransition(from: ConversationState, to: ConversationState): void {
  if (!canTransition(from, to)) throw InboxErrors.illegalTransition(from, to, allowedTransitions(from));
}

/** Where a snoozed or closed conversation goes back to: its agent's queue when it kept one. */
export function reopenTarget(assigneeId: string | null): ConversationState {
  return assigneeId ? 'assigned' : 'new';
}
