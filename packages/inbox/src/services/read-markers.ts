import type { ReadMarker } from '@bacon/inbox-contract';
import { withRetry } from '@bacon/sdk';
import { findConversation } from '../repositories/conversations.js';
import { advanceReadMarker } from '../repositories/read-markers.js';
import { InboxErrors } from '../errors.js';
import type { InboxDeps } from './deps.js';

/**
 * Marks a conversation read by `userId` up to `seq` (default: its last message). A `seq` past the
 * last message is capped to it, so a marker never claims messages that do not exist yet.
 */
export async function markRead(
  deps: InboxDeps,
  input: { tenantId: string; userId: string; conversationId: string; seq?: number },
  now: Date = new Date(),
): Promise<ReadMarker> {
  const conv = await withRetry(() => findConversation(deps.db, input.tenantId, input.conversationId));
  if (!conv) throw InboxErrors.conversationNotFound(input.conversationId);
  const seq = Math.min(input.seq ?? conv.lastSeq, conv.lastSeq);
  const lastReadSeq = await withRetry(() =>
    advanceReadMarker(deps.db, { tenantId: input.tenantId, userId: input.userId, conversationId: conv.id, seq, now }),
  );
  return { conversationId: conv.id, lastReadSeq, unreadCount: Math.max(conv.lastSeq - lastReadSeq, 0) };
}
