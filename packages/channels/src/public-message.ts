import type { Attachment, MessageComponent, RealtimeEnvelope } from '@bacon/sdk';
import type { InboxMessage } from './inbox-port.js';

/** The realtime room of a conversation: agents and the visitor who owns it follow it. */
export function conversationRoom(conversationId: string): string {
  return `conversation:${conversationId}`;
}

/** A message as a visitor sees it: no author ids, no internal metadata. */
export interface PublicMessage {
  id: string;
  seq: number;
  author: 'visitor' | 'agent' | 'bot' | 'system';
  /** The writing agent (their name and avatar: `GET /widget/v1/agents/:id`). */
  agentId?: string;
  text: string;
  components?: MessageComponent[];
  attachments?: Attachment[];
  createdAt: string;
}

/** Turns a message's components into what the widget shows (the registry's degrade for the web channel). */
export type ShowComponents = (components: MessageComponent[]) => MessageComponent[];

export function publicMessage(m: InboxMessage, show?: ShowComponents): PublicMessage {
  const out: PublicMessage = {
    id: m.id,
    seq: m.seq,
    author: m.authorKind === 'contact' ? 'visitor' : m.authorKind,
    text: m.body,
    createdAt: m.createdAt,
  };
  if (m.authorKind === 'agent' && m.authorId) out.agentId = m.authorId;
  const components = m.payload?.components;
  if (Array.isArray(components) && components.length) out.components = show ? show(components) : (components as MessageComponent[]);
  const attachments = m.payload?.attachments;
  if (Array.isArray(attachments) && attachments.length) {
    out.attachments = (attachments as Attachment[]).map((a) => ({
      name: a.name,
      contentType: a.contentType,
      size: a.size,
      ...(a.url ? { url: a.url } : {}),
    }));
  }
  return out;
}

/** `message.created` for a widget socket (catch-up and live events have the same shape). */
export function widgetMessageEvent(tenantId: string, m: InboxMessage, at = m.createdAt, show?: ShowComponents): RealtimeEnvelope {
  return {
    topic: 'message.created',
    tenantId,
    room: conversationRoom(m.conversationId),
    seq: m.seq,
    payload: { conversationId: m.conversationId, message: publicMessage(m, show) },
    at,
  };
}

/** `message.created` for an agent socket, as the inbox publishes it on the bus. */
export function agentMessageEvent(tenantId: string, m: InboxMessage, at = m.createdAt): RealtimeEnvelope {
  return {
    topic: 'message.created',
    tenantId,
    room: conversationRoom(m.conversationId),
    seq: m.seq,
    payload: { conversationId: m.conversationId, visibility: 'public', message: m },
    at,
  };
}

/**
 * What a widget sees of the inbox's bus events: public messages and the conversation's state.
 * Notes, assignment, tags and every other field stay with the agents.
 */
export function projectForWidget(event: RealtimeEnvelope, show?: ShowComponents): RealtimeEnvelope | undefined {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  if (event.topic === 'message.created' && payload.visibility === 'public' && payload.message) {
    return widgetMessageEvent(event.tenantId, payload.message as InboxMessage, event.at, show);
  }
  const conversationId = event.room?.startsWith('conversation:') ? event.room.slice('conversation:'.length) : undefined;
  if (event.topic === 'conversation.transitioned' && conversationId) {
    const state = (payload.conversation as { state?: unknown } | undefined)?.state;
    if (typeof state !== 'string') return undefined;
    return {
      topic: 'conversation.state',
      tenantId: event.tenantId,
      room: event.room,
      seq: event.seq,
      payload: { conversationId, state },
      at: event.at,
    };
  }
  return undefined;
}
