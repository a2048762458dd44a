import type { AssignStrategy, Conversation, ConversationState, EventCause, Message, Note } from './types.js';

/** Every topic the inbox publishes, after the change commits (live bus) and in its event log. */
export const INBOX_TOPICS = [
  'conversation.created',
  'conversation.updated',
  'conversation.assigned',
  'conversation.transitioned',
  'message.created',
  'note.created',
  'note.updated',
  'note.deleted',
] as const;

export type InboxTopic = (typeof INBOX_TOPICS)[number];

/** The topics whose payload carries the whole conversation after the change. */
export type ConversationTopic = Extract<InboxTopic, `conversation.${string}`>;

/** What every conversation event carries: the conversation as it is after the change. */
interface ConversationEventBase {
  conversationId: string;
  conversation: Conversation;
  /** Present when an automation rule made the change (see `EventCause`). */
  cause?: EventCause;
}

/** The payload of each topic. Notes are internal: the widget and channels never see them. */
export interface InboxEventPayloads {
  'conversation.created': ConversationEventBase;
  /** `changes` names the fields a patch touched (absent when a new message moved `lastSeq` and the preview). */
  'conversation.updated': ConversationEventBase & { changes?: string[] };
  'conversation.assigned': ConversationEventBase & { agentId: string | null; previousAgentId: string | null; strategy?: AssignStrategy };
  'conversation.transitioned': ConversationEventBase & { from: ConversationState; to: ConversationState };
  'message.created': { conversationId: string; visibility: 'public'; message: Message; cause?: EventCause };
  'note.created': { conversationId: string; visibility: 'internal'; note: Note };
  'note.updated': { conversationId: string; visibility: 'internal'; note: Note };
  'note.deleted': { conversationId: string; visibility: 'internal'; noteId: string };
}

/** One inbox event: its topic, tenant, the conversation's sequence number when it happened, and its payload. */
export type InboxEvent<T extends InboxTopic = InboxTopic> = {
  [K in T]: {
    topic: K;
    tenantId: string;
    /** The conversation's message sequence number when the event happened. */
    seq: number;
    payload: InboxEventPayloads[K];
  };
}[T];

/** Narrows an event read from the bus (topic and unknown payload) to its inbox type. */
export function isInboxEvent<T extends InboxTopic>(
  event: { topic: string; payload: unknown },
  topic: T,
): event is { topic: T; payload: InboxEventPayloads[T] } {
  return event.topic === topic;
}
