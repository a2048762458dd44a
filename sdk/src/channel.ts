import { builtInFallbackText } from './message-components.js';

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
  | TemplateComponent
  | { type: string; text?: string; [key: string]: unknown };

/**
 * A provider-approved template (a WhatsApp template, sent as Twilio's `ContentSid` +
 * `ContentVariables`): the only message a channel with a closed customer-service window accepts.
 * `name` is one of the templates the channel's `replyWindow` lists; `variables` fill its
 * placeholders by position (`{"1": "1001"}`); `text` is what channels without templates show.
 */
export interface TemplateComponent {
  type: 'template';
  name: string;
  variables?: Record<string, string>;
  text?: string;
}

export interface Attachment {
  name: string;
  contentType: string;
  size: number;
  url?: string;
}

/** A shared place (WhatsApp location, Messenger location attachment). */
export interface SharedLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

/** A contact card the customer shared. */
export interface SharedContact {
  name: string;
  phones?: string[];
  emails?: string[];
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
  location?: SharedLocation;
  sharedContacts?: SharedContact[];
  /** The answer to a quick reply or a postback button: its value (payload) and the label shown. */
  reply?: { value: string; label?: string };
  sentAt?: string;
  metadata?: Record<string, unknown>;
}

export interface OutboundMessage {
  externalConversationId: string;
  text: string;
  components?: MessageComponent[];
  attachments?: Attachment[];
  /** Bacon's message id: stable across retries, the idempotency key where the provider takes one. */
  messageId?: string;
  /** When the contact last wrote (ISO 8601): adapters with a customer-service window check it. */
  lastInboundAt?: string | null;
}

/** Where an outbound message stands with the provider. */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** The order a delivery moves in: a status only ever gives way to a higher one (failed ends it). */
export const DELIVERY_RANK: Readonly<Record<DeliveryStatus, number>> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Where an outbound message stands on its provider channel, as the host's channels API answers it
 * (`GET /api/v1/channels/conversations/:id/deliveries`) and the console shows it.
 */
export interface ChannelDelivery {
  messageId: string;
  conversationId: string;
  channel: string;
  status: DeliveryStatus;
  externalId: string | null;
  error: { code: string; message: string } | null;
  attempts: number;
  updatedAt: string;
}

/**
 * A provider webhook as the host hands it to a channel adapter: the raw body (check signatures
 * against it, byte for byte), lower-case headers, the query and the public URL the provider called.
 */
export interface ChannelRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: string;
}

/** What a webhook carries once normalised: new messages, or news about messages sent earlier. */
export type ChannelEvent =
  | { type: 'message'; message: InboundMessage }
  | {
      type: 'status';
      /** The provider's id of a message Bacon sent (what `send` answered). */
      externalMessageId: string;
      status: Exclude<DeliveryStatus, 'queued'>;
      at?: string;
      error?: { code: string; message: string };
    }
  | {
      /**
       * Every message Bacon sent to this conversation until `at` reached `status` (Messenger's
       * `message_reads` and `message_deliveries` carry a watermark, not message ids).
       */
      type: 'watermark';
      externalConversationId: string;
      status: 'delivered' | 'read';
      at: string;
    };

/** A template a channel offers when its window is closed (what the console lists). */
export interface ChannelTemplate {
  name: string;
  description?: string;
}

/**
 * A conversation's customer-service window as its channel rules it (WhatsApp: free-form replies
 * for 24 hours after the customer's last message, then templates only; Messenger: 24 hours, or 7
 * days with the human agent tag). `closesAt` is null when the window is closed or has no end.
 */
export interface ReplyWindow {
  open: boolean;
  closesAt: string | null;
  /** What may still be sent while closed: approved templates, or nothing. */
  whenClosed: 'templates' | 'nothing';
  templates: ChannelTemplate[];
  /** A sentence for the agent: why replies are limited and what to do. */
  reason?: string;
}

/** An answer the adapter wants the provider to receive (a verification challenge, TwiML). */
export interface ChannelReply {
  status?: number;
  contentType?: string;
  body?: string;
}

export interface ChannelWebhookResult {
  events: ChannelEvent[];
  reply?: ChannelReply;
}

type Ctx = import('./plugin.js').ActionContext;

/**
 * A channel: the plugin's `channel` offer. Every method receives the plugin's ActionContext
 * (settings, secrets, http, kv, crypto), so a sandboxed adapter works like a trusted one.
 */
export interface ChannelAdapter {
  /** Channel name stored on conversations (`web`, `whatsapp`, `messenger`); one plugin per name. */
  name: string;
  /** Component types this channel renders natively; others fall back to text before `send`. */
  supports?: string[];
  /**
   * The CIDR ranges the provider documents its webhooks come from. Not enforced by itself: an
   * admin's webhook allow-list names them with the entry `provider` (channels setting `webhookIpAllow`).
   */
  webhookSources?: string[];
  /** Checks a webhook's signature against the raw body; false refuses it (403). */
  verifyWebhook?: (request: ChannelRequest, ctx: Ctx) => boolean | Promise<boolean>;
  /** Turns a verified webhook into events (and optionally the answer the provider expects). */
  parseWebhook?: (request: ChannelRequest, ctx: Ctx) => ChannelWebhookResult | Promise<ChannelWebhookResult>;
  /** Answers a provider's GET verification handshake (Meta's hub.challenge); throw Forbidden to refuse. */
  handshake?: (request: ChannelRequest, ctx: Ctx) => ChannelReply | Promise<ChannelReply>;
  /**
   * Sends a message; answers the provider's id for it. Throw an SDK error with status 429 (and
   * `details.retryAfterSeconds`) when rate limited, `retryable: true` for a passing failure; any
   * other error is permanent and shown on the message with its message.
   */
  send?: (message: OutboundMessage, ctx: Ctx) => Promise<{ externalMessageId: string }>;
  /** Polling transport: events after `cursor` and the next cursor (the host keeps it). */
  poll?: (input: { cursor: string | null }, ctx: Ctx) => Promise<{ events: ChannelEvent[]; cursor: string | null }>;
  /** Seconds between polls (default 60). */
  pollIntervalSeconds?: number;
  /**
   * The conversation's customer-service window, given when the contact last wrote. Channels
   * without one omit it. `send` must still refuse what the window does not allow: this answer is
   * what the console shows, the refusal is what protects the account.
   */
  replyWindow?: (input: { lastInboundAt: string | null }, ctx: Ctx) => ReplyWindow | Promise<ReplyWindow>;
  /** Tells the provider an agent has seen the contact's messages (Messenger's `mark_seen`). */
  markSeen?: (input: { externalConversationId: string }, ctx: Ctx) => Promise<void>;
  /** In-process adapters only (the web widget): maps its own payload to inbound messages. */
  parseInbound?: (payload: unknown, settings: Record<string, unknown>) => InboundMessage[] | Promise<InboundMessage[]>;
}

/**
 * The components of a message as a channel supporting `supports` can show them: others become text.
 * With the install's registry (`ctx.services.messageComponents`), plugin types use their own
 * `fallbackText` and the channels they name render them.
 */
export function degradeComponents(
  components: MessageComponent[] | undefined,
  supports: readonly string[] | undefined,
  registry?: { degrade(c: MessageComponent[] | undefined, channel: { name: string; supports?: readonly string[] }): MessageComponent[] },
  channelName = '',
): MessageComponent[] {
  if (registry) return registry.degrade(components, { name: channelName, supports });
  const ok = new Set(supports ?? ['text']);
  return (components ?? []).map((c) => (ok.has(c.type) ? c : { type: 'text', text: componentFallbackText(c) }));
}

/** Text rendering of a built-in component, for channels that cannot show it (plugin types: `registry.fallbackText`). */
export function componentFallbackText(c: MessageComponent): string {
  return builtInFallbackText(c);
}
