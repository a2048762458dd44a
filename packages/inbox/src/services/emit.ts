import type { Conversation, ConversationTopic, InboxEvent, InboxEventPayloads } from '@bacon/inbox-contract';
import type { Work } from './unit-of-work.js';

/** What a conversation event carries beside the conversation (required when the topic has required fields). */
type Extra<T extends ConversationTopic> = Omit<InboxEventPayloads[T], 'conversationId' | 'conversation'>;

/** Queues a conversation event (published after commit) carrying the conversation's sequence number. */
export function emitConversation<T extends ConversationTopic>(
  work: Work,
  topic: T,
  conversation: Conversation,
  ...[extra]: {} extends Extra<T> ? [Extra<T>?] : [Extra<T>]
): void {
  const payload = { conversationId: conversation.id, conversation, ...extra } as InboxEventPayloads[T];
  work.emit({ topic, tenantId: conversation.tenantId, seq: conversation.lastSeq, payload } as InboxEvent);
}
