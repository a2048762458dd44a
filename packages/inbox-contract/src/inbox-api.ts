import type { Attachment, InboundMessage, MessageComponent } from '@bacon/sdk';
import type { Actor, Contact, Conversation, ConversationState, EventCause, Message, Note, Priority } from './types.js';

/** An inbound message as a channel hands it to the inbox: the SDK's `InboundMessage` and the channel's id. */
export type InboundInput = InboundMessage & { channel: string };

export interface IngestResult {
  conversation: Conversation;
  message: Message;
  /** True when this call made the conversation. */
  created: boolean;
  /** True when the message was already ingested (same channel and provider message id): nothing changed. */
  duplicate: boolean;
}

export interface AgentMessageInput {
  /** The agent (or bot user) writing; null for system messages. */
  authorId: string | null;
  authorKind?: 'agent' | 'bot' | 'system';
  text: string;
  components?: MessageComponent[];
  attachments?: Attachment[];
  /** Set by automation: carried as `cause` on the message's events (see `EventCause`). */
  cause?: EventCause;
}

export interface TranscriptExport {
  conversation: Conversation;
  contact: Contact | null;
  messages: Message[];
}

/** Where a text is being redacted: ingestion of an inbound message, or an export. */
export interface RedactionContext {
  tenantId: string;
  channel: string;
  purpose: 'ingest' | 'export';
}

export type RedactionHook = (text: string, ctx: RedactionContext) => string | Promise<string>;

/**
 * A check an agent, bot or system message must pass before it is committed (a channel whose
 * customer-service window is closed refuses free-form text). It resolves to let the message through,
 * or throws a catalog error (a 4xx) that the sender sees as the answer to its request.
 */
export type OutboundCheck = (input: { tenantId: string; conversationId: string; message: AgentMessageInput }) => void | Promise<void>;

/**
 * Turns the attachment references a note carries into the stored uploads they name (the owner of the
 * uploads, channels, registers it). It throws a 404 for a file the tenant does not have and a 400 for
 * one uploaded for another conversation, and keeps the files it answers from visitors: a note is internal.
 */
export type NoteAttachmentResolver = (input: {
  tenantId: string;
  conversationId: string;
  attachments: Attachment[];
}) => Promise<Attachment[]>;

/**
 * What the inbox offers other plugins: `ctx.use<InboxApi>('inbox')` (channels, widget, automation).
 * A plugin that needs a few methods types its handle with `Pick<InboxApi, ...>`.
 */
export interface InboxApi {
  /** Stores an inbound message; idempotent by (tenant, channel, provider message id); reopens snoozed or closed conversations. */
  ingestInbound(tenantId: string, message: InboundInput): Promise<IngestResult>;
  /** An agent, bot or system message; channels deliver it when they hear `message.created`. */
  sendAgentMessage(tenantId: string, conversationId: string, message: AgentMessageInput): Promise<Message>;
  getConversation(tenantId: string, conversationId: string): Promise<Conversation | undefined>;
  findConversationByExternalId(tenantId: string, channel: string, externalId: string): Promise<Conversation | undefined>;
  /** Messages after `afterSeq`, oldest first (realtime catch-up). Notes are never included. */
  listMessagesSince(tenantId: string, conversationId: string, afterSeq: number, limit?: number): Promise<Message[]>;
  /** The contact-facing transcript, redacted for export. */
  exportTranscript(tenantId: string, conversationId: string): Promise<TranscriptExport>;
  /** True when at least one agent of the tenant is available (the widget offers email otherwise). */
  anyAgentAvailable(tenantId: string): Promise<boolean>;
  transition(
    tenantId: string,
    conversationId: string,
    to: ConversationState,
    opts?: { until?: Date; agentId?: string; actor?: Actor },
  ): Promise<Conversation>;
  assign(
    tenantId: string,
    conversationId: string,
    target: { agentId: string } | { strategy: 'round_robin' },
    actor?: Actor,
  ): Promise<Conversation>;
  /** Sets the priority (emits `conversation.updated` with `changes: ['priority']`; no change, no event). */
  setPriority(tenantId: string, conversationId: string, priority: Priority, actor?: Actor): Promise<Conversation>;
  /** Adds and removes tags (emits `conversation.updated` with `changes: ['tags']`; no change, no event). */
  changeTags(tenantId: string, conversationId: string, change: { add?: string[]; remove?: string[] }, actor?: Actor): Promise<Conversation>;
  /** A private note for agents; `authorId` null when no person wrote it (an automation rule). */
  addNote(
    tenantId: string,
    conversationId: string,
    note: { body: string; authorId: string | null; attachments?: Attachment[]; cause?: EventCause },
  ): Promise<Note>;
  /** Wakes the snoozed conversations due at `now` (the job calls it). */
  wakeSnoozed(now?: Date): Promise<Conversation[]>;
  applyRetention(tenantId: string, now?: Date): Promise<number>;
  /** The PII redaction hook point: ingestion and export run every registered hook. */
  redaction: { register(hook: RedactionHook): () => void };
  /** The send-time check point: `sendAgentMessage` (and the reply route) run every registered check before committing. */
  outboundChecks: { register(check: OutboundCheck): () => void };
  /** Where a note's attachments are resolved (one resolver: the upload store's owner). Without one a note takes no files. */
  noteAttachments: { register(resolver: NoteAttachmentResolver): () => void };
}
