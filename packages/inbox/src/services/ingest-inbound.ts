import { randomUUID } from 'node:crypto';
import { upsertContact } from '../repositories/contacts.js';
import type { Knex } from 'knex';
import { lockTenantAssignments } from '../repositories/agents.js';
import { findConversation, findConversationByExternalId, insertConversation } from '../repositories/conversations.js';
import { findMessageByExternalId } from '../repositories/messages.js';
import { tenantSettings } from './settings-cache.js';
import type { Conversation, InboundInput, InboxEvent, IngestResult, Message } from '@bacon/inbox-contract';
import { appendMessage } from './append-message.js';
import { agentLoads, hasRoom } from './capacity.js';
import { applyTransition } from './apply-transition.js';
import { drainBacklog } from './assign-next.js';
import type { InboxDeps } from './deps.js';
import { emitConversation } from './emit.js';
import { reopenTarget } from './transitions.js';
import { afterCommitted, inTransaction } from './unit-of-work.js';
import { appendToOpenConversation } from '../repositories/append-inbound.js';
import { PREVIEW_LENGTH } from './append-message.js';

/**
 * Stores an inbound message: the contact and the conversation for the provider's thread are made on
 * first sight; a snoozed or closed conversation reopens; ingestion is idempotent by (tenant, channel,
 * provider message id). The text goes through the redaction hooks first.
 */
export async function ingestInbound(deps: InboxDeps, tenantId: string, input: InboundInput, now: Date = new Date()): Promise<IngestResult> {
  const body = await deps.redaction.apply(input.text, { tenantId, channel: input.channel, purpose: 'ingest' });
  const payload = richPayload(input);
  const duplicate = async (err: { code?: string }) => {
    // The provider message is stored already (a retry, or the same message on two threads at once):
    // the unique key let one commit, and the statement that lost wrote nothing.
    if (err?.code !== '23505') throw err;
    const winner = await findMessageByExternalId(deps.db, tenantId, input.channel, input.externalMessageId);
    if (!winner) throw err;
    return duplicateOf(deps, tenantId, winner);
  };
  // The common case in one statement, when the event log can be written in it (or there is none).
  const oneStatement = !deps.events || !!deps.events.table;
  const append = (db: Knex) =>
    appendToOpenConversation(db, deps.events?.table, {
      tenantId,
      channel: input.channel,
      conversationExternalId: input.externalConversationId,
      contactExternalId: input.contact.externalId,
      contact: { name: input.contact.name, email: input.contact.email, phone: input.contact.phone },
      messageId: randomUUID(),
      body,
      preview: body.slice(0, PREVIEW_LENGTH),
      payload,
      externalMessageId: input.externalMessageId,
      now,
    });
  // Concurrent messages share a commit (group commit); each is answered only once its batch committed.
  const key = `${tenantId}:${input.channel}:${input.externalConversationId}`;
  const fast = oneStatement && (await (deps.appends ? deps.appends.run(key, append) : append(deps.db)).catch(duplicate));
  if (fast && 'duplicate' in fast) return fast;
  if (fast) return committedFast(deps, tenantId, fast);
  return inTransaction(deps, (work) => ingestInTransaction(deps, work, tenantId, input, body, payload, now)).catch(duplicate);
}

/** After the one-statement append: the same events and follow-ups a unit of work would have. */
async function committedFast(
  deps: InboxDeps,
  tenantId: string,
  r: { message: Message; conversation: Conversation },
): Promise<IngestResult> {
  const { message, conversation } = r;
  const events: InboxEvent[] = [
    { topic: 'message.created', tenantId, seq: message.seq, payload: { conversationId: conversation.id, visibility: 'public', message } },
    { topic: 'conversation.updated', tenantId, seq: conversation.lastSeq, payload: { conversationId: conversation.id, conversation } },
  ];
  await afterCommitted(deps, events, conversation.state === 'new' && !conversation.assigneeId ? [() => autoAssign(deps, tenantId)] : []);
  return { conversation, message, created: false, duplicate: false };
}

async function autoAssign(deps: InboxDeps, tenantId: string): Promise<void> {
  const settings = await tenantSettings(deps, tenantId);
  if (settings.autoAssign) await drainBacklog(deps, tenantId).catch((err) => deps.log?.warn({ err }, 'inbox: auto-assignment failed'));
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
    work.afterCommit(() => autoAssign(deps, tenantId));
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
