import type { Attachment, InboundMessage, MessageComponent } from '@bacon/sdk';

/**
 * The part of the inbox's API (`ctx.use('inbox')`) the web channel calls. Declared here, not
 * imported, because plugins depend on the SDK only.
 */
export interface InboxMessage {
  id: string;
  tenantId: string;
  conversationId: string;
  seq: number;
  authorKind: 'contact' | 'agent' | 'bot' | 'system';
  authorId: string | null;
  body: string;
  payload: Record<string, unknown> | null;
  createdAt: string;
}

export interface InboxConversation {
  id: string;
  tenantId: string;
  state: 'new' | 'assigned' | 'snoozed' | 'closed';
  lastSeq: number;
  channel: string;
  externalId: string | null;
}

export interface InboxPort {
  ingestInbound(tenantId: string, message: InboundMessage & { channel: string }): Promise<{ conversation: InboxConversation; message: InboxMessage; created: boolean; duplicate: boolean }>;
  sendAgentMessage(tenantId: string, conversationId: string, message: { authorId: string | null; authorKind?: 'agent' | 'bot' | 'system'; text: string; components?: MessageComponent[]; attachments?: Attachment[] }): Promise<InboxMessage>;
  getConversation(tenantId: string, conversationId: string): Promise<InboxConversation | undefined>;
  listMessagesSince(tenantId: string, conversationId: string, afterSeq: number, limit?: number): Promise<InboxMessage[]>;
}
