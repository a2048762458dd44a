/**
 * Channels: a ChannelAdapter maps a provider's payloads to InboundMessage and sends OutboundMessage.
 * Message types a channel cannot render degrade to their text fallback.
 */
export type MessageComponent =
  | { type: 'text'; text: string }
  | { type: 'card'; title: string; text?: string; imageUrl?: string; buttons?: { label: string; value?: string; url?: string }[] }
  | { type: 'product'; title: string; price?: string; imageUrl?: string; url?: string }
  | { type: 'quick_replies'; text: string; options: { label: string; value: string }[] }
  | { type: 'survey'; question: string; scale: number }
  | { type: string; text?: string; [key: string]: unknown };

export interface Attachment {
  name: string;
  contentType: string;
  size: number;
  url?: string;
}

export interface InboundMessage {
  /** Provider's id for the conversation / thread / sender. */
  externalConversationId: string;
  /** Provider's message id; ingestion is idempotent by it. */
  externalMessageId: string;
  contact: { externalId: string; name?: string; email?: string; phone?: string; attributes?: Record<string, unknown> };
  text: string;
  components?: MessageComponent[];
  attachments?: Attachment[];
  sentAt?: string;
  metadata?: Record<string, unknown>;
}

export interface OutboundMessage {
  externalConversationId: string;
  text: string;
  components?: MessageComponent[];
  attachments?: Attachment[];
}

export interface ChannelAdapter {
  /** Channel name stored on conversations (`web`, `whatsapp`, `messenger`). */
  name: string;
  /** Component types this channel renders natively; others fall back to text. */
  supports?: string[];
  /** Checks a webhook's signature against the raw body; false refuses it. */
  verifyWebhook?: (
    req: { headers: Record<string, string | string[] | undefined>; rawBody: Buffer; url: string },
    settings: Record<string, unknown>,
  ) => boolean | Promise<boolean>;
  /** Maps a provider webhook payload to zero or more inbound messages. */
  parseInbound?: (payload: unknown, settings: Record<string, unknown>) => InboundMessage[] | Promise<InboundMessage[]>;
  /** Sends a message; returns the provider's id for it. */
  send?: (message: OutboundMessage, settings: Record<string, unknown>) => Promise<{ externalMessageId: string }>;
}

/** Text rendering of a component, for channels that cannot show it. */
export function componentFallbackText(c: MessageComponent): string {
  switch (c.type) {
    case 'text':
      return String(c.text ?? '');
    case 'card': {
      const card = c as Extract<MessageComponent, { type: 'card' }>;
      const buttons = (card.buttons ?? []).map((b) => `- ${b.label}${b.url ? `: ${b.url}` : ''}`).join('\n');
      return [card.title, card.text, buttons].filter(Boolean).join('\n');
    }
    case 'product': {
      const p = c as Extract<MessageComponent, { type: 'product' }>;
      return [p.title, p.price, p.url].filter(Boolean).join(' - ');
    }
    case 'quick_replies': {
      const q = c as Extract<MessageComponent, { type: 'quick_replies' }>;
      return `${q.text}\n${q.options.map((o, i) => `${i + 1}. ${o.label}`).join('\n')}`;
    }
    case 'survey': {
      const s = c as Extract<MessageComponent, { type: 'survey' }>;
      return `${s.question} (1-${s.scale})`;
    }
    default:
      return typeof (c as { text?: unknown }).text === 'string' ? String((c as { text: string }).text) : '';
  }
}
