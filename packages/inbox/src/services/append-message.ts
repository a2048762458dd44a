import { randomUUID } from 'node:crypto';
import { insertMessage, type NewMessage } from '../repositories/messages.js';
import { nextSeq, updateConversation, type ConversationPatch } from '../repositories/conversations.js';
import type { AuthorKind, Conversation, Message } from '@bacon/inbox-contract';
import { emitConversation } from './emit.js';
import type { Work } from './unit-of-work.js';

export interface AppendInput {
  authorKind: AuthorKind;
  authorId: string | null;
  body: string;
  payload: Record<string, unknown> | null;
  externalId: string | null;
  now: Date;
}

export const PREVIEW_LENGTH = 140;

/**
 * Appends a message to `conv` (locked by the caller) inside an open unit of work: takes the next
 * sequence number, keeps the conversation's timers (waiting since, first inbound, first response)
 * and queues `message.created`. Returns the message and the updated conversation.
 */
export async function appendMessage(
  work: Work,
  conv: Conversation,
  input: AppendInput,
): Promise<{ message: Message; conversation: Conversation }> {
  const { trx } = work;
  const seq = await nextSeq(trx, conv.tenantId, conv.id);
  const row: NewMessage = { id: randomUUID(), tenantId: conv.tenantId, conversationId: conv.id, seq, channel: conv.channel, ...input };
  const message = await insertMessage(trx, row);
  const patch: ConversationPatch = { last_message_at: input.now, preview: input.body.slice(0, PREVIEW_LENGTH) };
  if (input.authorKind === 'contact') {
    if (!conv.firstInboundAt) patch.first_inbound_at = input.now;
    if (!conv.waitingSince) patch.waiting_since = input.now;
  } else if (input.authorKind === 'agent') {
    // First response: the first human reply after the contact wrote; bots and system messages do not stop it.
    if (conv.firstInboundAt && !conv.firstResponseAt) patch.first_response_at = input.now;
    patch.waiting_since = null;
  }
  const conversation = await updateConversation(trx, conv.tenantId, conv.id, patch, input.now);
  work.emit({
    topic: 'message.created',
    tenantId: conv.tenantId,
    seq,
    payload: { conversationId: conv.id, visibility: 'public', message },
  });
  emitConversation(work, 'conversation.updated', conversation);
  return { message, conversation };
}
