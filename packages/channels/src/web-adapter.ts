import type { Attachment, ChannelAdapter, InboundMessage, MessageComponent } from '@bacon/sdk';

/** What the widget posts for one visitor message (after the route validated it). */
export interface WidgetInbound {
  visitorKey: string;
  conversationKey: string;
  /** The widget's id for the message: retries with the same id are stored once. */
  clientMessageId: string;
  text: string;
  /** A quick-reply or survey answer, kept with the message. */
  reply?: { value: string; label?: string };
  attachments?: Attachment[];
  contact?: { name?: string; email?: string };
  page?: { url?: string; title?: string; referrer?: string };
  attributes?: Record<string, unknown>;
}

/** Component types the widget renders natively; the rest degrade to their text. */
export const WEB_COMPONENTS = ['text', 'card', 'product', 'quick_replies', 'survey'];

/**
 * The `web` channel: the site widget. Inbound messages arrive over `/widget/v1` and outbound ones
 * reach the visitor through the realtime `/widget` namespace (the bus event of the commit), so
 * `send` has nothing to call.
 */
export const webChannel: ChannelAdapter = {
  name: 'web',
  supports: WEB_COMPONENTS,
  parseInbound(payload) {
    const p = payload as WidgetInbound;
    const metadata: Record<string, unknown> = {};
    if (p.page && Object.keys(p.page).length) metadata.page = p.page;
    if (p.reply) metadata.reply = p.reply;
    const message: InboundMessage = {
      externalConversationId: p.conversationKey,
      externalMessageId: `${p.visitorKey}:${p.clientMessageId}`,
      contact: { externalId: p.visitorKey, ...p.contact, ...(p.attributes ? { attributes: p.attributes } : {}) },
      text: p.text,
    };
    if (Object.keys(metadata).length) message.metadata = metadata;
    if (p.attachments?.length) message.attachments = p.attachments;
    return [message];
  },
  async send(message) {
    // Delivered by realtime from the inbox's `message.created`; nothing leaves the host here.
    return { externalMessageId: `web:${message.externalConversationId}` };
  },
};

export type { MessageComponent };
