import type { Actor, Conversation, ConversationState, Message } from './types.js';
import type { InboxDeps } from './services/deps.js';
import type { RedactionHook } from './services/redaction.js';
import { ingestInbound, type InboundInput, type IngestResult } from './services/ingest-inbound.js';
import { sendAgentMessage, type AgentMessageInput } from './services/send-agent-message.js';
import { exportTranscript, listMessagesSince, type TranscriptExport } from './services/transcript.js';
import { findConversation, findConversationByExternalId } from './repositories/conversations.js';
import { transitionConversation } from './services/apply-transition.js';
import { assignConversation } from './services/assign-agent.js';
import { assignNext } from './services/assign-next.js';
import { wakeSnoozed } from './services/wake-snoozed.js';
import { applyRetention } from './services/retention.js';

/** What the inbox offers other plugins (`ctx.use<InboxApi>('inbox')`): channels, widget, automation. */
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
  transition(tenantId: string, conversationId: string, to: ConversationState, opts?: { until?: Date; agentId?: string; actor?: Actor }): Promise<Conversation>;
  assign(tenantId: string, conversationId: string, target: { agentId: string } | { strategy: 'round_robin' }, actor?: Actor): Promise<Conversation>;
  /** Wakes the snoozed conversations due at `now` (the job calls it). */
  wakeSnoozed(now?: Date): Promise<Conversation[]>;
  applyRetention(tenantId: string, now?: Date): Promise<number>;
  /** The PII redaction hook point: ingestion and export run every registered hook. */
  redaction: { register(hook: RedactionHook): () => void };
}

export function createInboxApi(deps: InboxDeps): InboxApi {
  const system: Actor = { kind: 'plugin' };
  return {
    ingestInbound: (tenantId, message) => ingestInbound(deps, tenantId, message),
    sendAgentMessage: (tenantId, conversationId, message) => sendAgentMessage(deps, tenantId, conversationId, message),
    getConversation: (tenantId, conversationId) => findConversation(deps.db, tenantId, conversationId),
    findConversationByExternalId: (tenantId, channel, externalId) => findConversationByExternalId(deps.db, tenantId, channel, externalId),
    listMessagesSince: (tenantId, conversationId, afterSeq, limit) => listMessagesSince(deps, tenantId, conversationId, afterSeq, limit),
    exportTranscript: (tenantId, conversationId) => exportTranscript(deps, tenantId, conversationId),
    transition: (tenantId, conversationId, to, opts = {}) => transitionConversation(deps, { tenantId, conversationId, to, until: opts.until, agentId: opts.agentId, actor: opts.actor ?? system }),
    assign: (tenantId, conversationId, target, actor = system) =>
      'agentId' in target ? assignConversation(deps, { tenantId, conversationId, agentId: target.agentId, actor }) : assignNext(deps, { tenantId, conversationId, actor }),
    wakeSnoozed: (now) => wakeSnoozed(deps, now),
    applyRetention: (tenantId, now) => applyRetention(deps, tenantId, now),
    redaction: { register: (hook) => deps.redaction.register(hook) },
  };
}
