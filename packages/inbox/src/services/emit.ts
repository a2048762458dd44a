import type { Conversation } from '../types.js';
import type { InboxTopic, Work } from './unit-of-work.js';

/** Queues a conversation event (published after commit) carrying the conversation's sequence number. */
export function emitConversation(work: Work, topic: InboxTopic, conversation: Conversation, extra: Record<string, unknown> = {}): void {
  work.emit({ topic, tenantId: conversation.tenantId, seq: conversation.lastSeq, payload: { conversationId: conversation.id, conversation, ...extra } });
}
