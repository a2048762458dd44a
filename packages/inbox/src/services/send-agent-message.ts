import { findConversation } from '../repositories/conversations.js';
import { InboxErrors } from '../errors.js';
import type { AgentMessageInput, Message } from '@bacon/inbox-contract';
import { appendMessage } from './append-message.js';
import type { InboxDeps } from './deps.js';
import { inTransaction } from './unit-of-work.js';

/** An agent, bot or system message on a conversation that is not closed; channels deliver it on `message.created`. */
export async function sendAgentMessage(
  deps: InboxDeps,
  tenantId: string,
  conversationId: string,
  input: AgentMessageInput,
  now: Date = new Date(),
): Promise<Message> {
  const payload: Record<string, unknown> = {};
  if (input.components?.length) payload.components = input.components;
  if (input.attachments?.length) payload.attachments = input.attachments;
  return inTransaction(deps, async (work) => {
    const conv = await findConversation(work.trx, tenantId, conversationId, { forUpdate: true });
    if (!conv) throw InboxErrors.conversationNotFound(conversationId);
    if (conv.state === 'closed') throw InboxErrors.conversationClosed();
    const { message } = await appendMessage(work, conv, {
      authorKind: input.authorKind ?? 'agent',
      authorId: input.authorId,
      body: input.text,
      payload: Object.keys(payload).length ? payload : null,
      externalId: null,
      now,
    });
    return message;
  });
}
