import { randomUUID } from 'node:crypto';
import { upsertContact } from '../repositories/contacts.js';
import type { Knex } from 'knex';
import { lockTenantAssignments } from '../repositories/agents.js';
import { findConversation, findConversationByExternalId, insertConversation } from '../repositories/conversations.js';
import { findMessageByExternalId } from '../repositories/messages.js';
import { getSettings } from '../repositories/settings.js';
import type { Conversation, InboundInput, IngestResult, Message } from '@bacon/inbox-contract';
import { appendMessage } from './append-message.js';
import { agentLoads, hasRoom } from './capacity.js';
import { applyTransition } from './apply-transition.js';
import { drainBacklog } from './assign-next.js';
import type { InboxDeps } from './deps.js';
import { emitConversation } from './emit.js';
import { reopenTarget } from './transitions.js';
import { inTransaction } from './unit-of-work.js';

/**
 * Stores an inbound message: the contact and the conversation for the provider's thread are made on
 * first sight; a snoozed or closed conversation reopens; ingestion is idempotent by (tenant, channel,
 * provider message id). The text goes through the redaction hooks first.
 */
export async function ingestInbound(deps: InboxDeps, tenantId: string, input: InboundInput, now: Date = new Date()): Promise<IngestResult> {
  const known = await findMessageByExternalId(deps.db, tenantId, input.channel, input.externalMessageId);
  if (known) return duplicateOf(deps, tenantId, known);
  const body = await deps.redaction.apply(input.text, { tenantId, channel: input.channel, purpose: 'ingest' });
  const payload = richPayload(input);
  return inTransaction(deps, (work) => ingestInTransaction(deps, work, tenantId, input, body, payload, now)).catch(
    async (err: { code?: string }) => {
      // The same provider message delivered at once on two threads: the unique key let one commit.
      if (err?.code !== '23505') throw err;
      const winner = await findMessageByExternalId(deps.db, tenantId, input.channel, input.externalMessageId);
      if (!winner) throw err;
      return duplicateOf(deps, tenantId, winner);
    },
  );
}

async function ingestInTransaction(
  deps: InboxDeps,
  work: Parameters<Parameters<typeof inTransaction>[1]>[0],
  tenantId: string,
  input: InboundInput,
  body: string,
  payload: Record<string, unknown> | null,
  now: Date,
): Promise<IngestResult> {
  const { trx } = work;
  const contact = await upsertContact(trx, tenantId, input.channel, input.contact, now);
  const made = await insertConversation(trx, {
    id: randomUUID(),
    tenantId,
    contactId: contact.id,
    channel: input.channel,
    externalId: input.externalConversationId,
    now,
  });
  let conv = await findConversationByExternalId(trx, tenantId, input.channel, input.externalConversationId, { forUpdate: true });
  if (!conv) throw new Error('conversation mapping vanished');
  // Under the conversation's lock: a concurrent delivery of the same message has committed or not started.
  const again = await findMessageByExternalId(trx, tenantId, input.channel, input.externalMessageId);
  if (again) return { conversation: conv, message: again, created: false, duplicate: true };
  if (made) emitConversation(work, 'conversation.created', conv);
  if (conv.state === 'snoozed' || conv.state === 'closed') {
    const target = await reopenTargetWithRoom(work.trx, conv);
    conv = await applyTransition(work, deps, conv, target, { actor: { kind: 'contact', id: contact.id }, now, action: 'reopen' });
  }
  const { message, conversation } = await appendMessage(work, conv, {
    authorKind: 'contact',
    authorId: contact.id,
    body,
    payload,
    externalId: input.externalMessageId,
    now,
  });
  if (conversation.state === 'new' && !conversation.assigneeId) {
    work.afterCommit(async () => {
      const settings = await getSettings(deps.db, tenantId);
      if (settings.autoAssign) await drainBacklog(deps, tenantId).catch((err) => deps.log?.warn({ err }, 'inbox: auto-assignment failed'));
    });
  }
  return { conversation, message, created: !!made, duplicate: false };
}

/** A reopened conversation goes back to its agent when the agent still has room, else to the new queue. */
async function reopenTargetWithRoom(trx: Knex, conv: Conversation) {
  const target = reopenTarget(conv.assigneeId);
  if (target !== 'assigned' || conv.state === 'snoozed') return target;
  await lockTenantAssignments(trx, conv.tenantId);
  const load = (await agentLoads(trx, conv.tenantId, [conv.assigneeId!])).get(conv.assigneeId!)!;
  return hasRoom(load) ? 'assigned' : 'new';
}

async function duplicateOf(deps: InboxDeps, tenantId: string, message: Message): Promise<IngestResult> {
  const conversation = (await findConversation(deps.db, tenantId, message.conversationId))!;
  return { conversation, message, created: false, duplicate: true };
}

function richPayload(input: InboundInput): Record<string, unknown> | null {
  const payload: Record<string, unknown> = {};
  if (input.components?.length) payload.components = input.components;
  if (input.attachments?.length) payload.attachments = input.attachments;
  if (input.metadata && Object.keys(input.metadata).length) payload.metadata = input.metadata;
  if (input.sentAt) payload.sentAt = input.sentAt;
  return Object.keys(payload).length ? payload : null;
}
