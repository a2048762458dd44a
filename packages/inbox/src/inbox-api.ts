import type { Actor, InboxApi } from '@bacon/inbox-contract';
import type { InboxDeps } from './services/deps.js';
import { ingestInbound } from './services/ingest-inbound.js';
import { sendAgentMessage } from './services/send-agent-message.js';
import { exportTranscript, listMessagesSince } from './services/transcript.js';
import { listAgents } from './services/agents.js';
import { findConversation, findConversationByExternalId } from './repositories/conversations.js';
import { transitionConversation } from './services/apply-transition.js';
import { assignConversation } from './services/assign-agent.js';
import { assignNext } from './services/assign-next.js';
import { wakeSnoozed } from './services/wake-snoozed.js';
import { applyRetention } from './services/retention.js';
import { changeTags, updateDetails } from './services/conversations.js';
import { createNote } from './services/notes.js';
import { InboxErrors } from './errors.js';

/** The inbox's implementation of the contract's `InboxApi` (`ctx.use<InboxApi>('inbox')`). */
export function createInboxApi(deps: InboxDeps): InboxApi {
  const system: Actor = { kind: 'plugin' };
  return {
    ingestInbound: (tenantId, message) => ingestInbound(deps, tenantId, message),
    sendAgentMessage: (tenantId, conversationId, message) => sendAgentMessage(deps, tenantId, conversationId, message),
    getConversation: (tenantId, conversationId) => findConversation(deps.db, tenantId, conversationId),
    findConversationByExternalId: (tenantId, channel, externalId) => findConversationByExternalId(deps.db, tenantId, channel, externalId),
    listMessagesSince: (tenantId, conversationId, afterSeq, limit) => listMessagesSince(deps, tenantId, conversationId, afterSeq, limit),
    exportTranscript: (tenantId, conversationId) => exportTranscript(deps, tenantId, conversationId),
    anyAgentAvailable: async (tenantId) => (await listAgents(deps, tenantId)).some((a) => a.available),
    transition: (tenantId, conversationId, to, opts = {}) =>
      transitionConversation(deps, { tenantId, conversationId, to, until: opts.until, agentId: opts.agentId, actor: opts.actor ?? system }),
    assign: (tenantId, conversationId, target, actor = system) =>
      'agentId' in target
        ? assignConversation(deps, { tenantId, conversationId, agentId: target.agentId, actor })
        : assignNext(deps, { tenantId, conversationId, actor }),
    setPriority: (tenantId, conversationId, priority, actor) =>
      updateDetails(deps, tenantId, conversationId, { priority }, undefined, actor?.cause),
    changeTags: (tenantId, conversationId, change, actor) => changeTags(deps, tenantId, conversationId, change, undefined, actor?.cause),
    addNote: async (tenantId, conversationId, note) => {
      const author = note.authorId ? await deps.directory.getUser(tenantId, note.authorId) : null;
      if (note.authorId && !author) throw InboxErrors.agentNotFound(note.authorId);
      return createNote(deps, {
        tenantId,
        conversationId,
        author: author ?? null,
        body: note.body,
        attachments: note.attachments,
        cause: note.cause,
      });
    },
    wakeSnoozed: (now) => wakeSnoozed(deps, now),
    applyRetention: (tenantId, now) => applyRetention(deps, tenantId, now),
    redaction: { register: (hook) => deps.redaction.register(hook) },
    outboundChecks: {
      register: (check) => {
        if (!deps.outboundChecks) throw new Error('this inbox runs no outbound checks');
        return deps.outboundChecks.register(check);
      },
    },
    noteAttachments: {
      register: (resolver) => {
        if (!deps.noteAttachments) throw new Error('this inbox resolves no note attachments');
        return deps.noteAttachments.register(resolver);
      },
    },
  };
}
