import { componentsInvalid } from '@bacon/sdk';
import type { Knex } from 'knex';
import { findConversation } from '../repositories/conversations.js';
import { InboxErrors } from '../errors.js';
import type { AgentMessageInput, Message } from '@bacon/inbox-contract';
import { randomUUID } from 'node:crypto';
import { appendReply } from '../repositories/append-reply.js';
import { PREVIEW_LENGTH, appendMessage } from './append-message.js';
import type { InboxDeps } from './deps.js';
import { afterCommitted, inTransaction } from './unit-of-work.js';

/** An agent, bot or system message on a conversation that is not closed; channels deliver it on `message.created`. */
export async function sendAgentMessage(
  deps: InboxDeps,
  tenantId: string,
  conversationId: string,
  input: AgentMessageInput,
  now: Date = new Date(),
): Promise<Message> {
  const problems = deps.components?.problems(input.components, 'body/components') ?? [];
  if (problems.length) throw componentsInvalid(problems);
  // A message the conversation's channel would refuse (a closed reply window) is refused now, not failed later.
  await deps.outboundChecks?.run(tenantId, conversationId, input);
  const payload: Record<string, unknown> = {};
  if (input.components?.length) payload.components = input.components;
  if (input.attachments?.length) payload.attachments = input.attachments;
  const authorKind = input.authorKind ?? 'agent';
  const rich = Object.keys(payload).length ? payload : null;
  // One statement when the event log can be written in it (or there is none); a missing or closed
  // conversation falls through to the unit of work, which answers why. A message with a cause
  // (automation's) goes through the unit of work, which carries the cause on its events.
  if (!input.cause && (!deps.events || deps.events.table)) {
    const reply = {
      tenantId,
      conversationId,
      authorKind,
      authorId: input.authorId,
      messageId: randomUUID(),
      body: input.text,
      preview: input.text.slice(0, PREVIEW_LENGTH),
      payload: rich,
      now,
    };
    const append = (db: Knex) => appendReply(db, deps.events?.table, reply);
    // Shares a commit with concurrent messages (group commit); answered only once its batch committed.
    const done = await (deps.appends ? deps.appends.run(`${tenantId}:${conversationId}`, append) : append(deps.db));
    if (done) {
      const { message, conversation } = done;
      await afterCommitted(
        deps,
        [
          { topic: 'message.created', tenantId, seq: message.seq, payload: { conversationId, visibility: 'public', message } },
          { topic: 'conversation.updated', tenantId, seq: conversation.lastSeq, payload: { conversationId, conversation } },
        ],
        [],
      );
      return message;
    }
  }
  return inTransaction({ ...deps, cause: input.cause }, async (work) => {
    const conv = await findConversation(work.trx, tenantId, conversationId, { forUpdate: true });
    if (!conv) throw InboxErrors.conversationNotFound(conversationId);
    if (conv.state === 'closed') throw InboxErrors.conversationClosed();
    const { message } = await appendMessage(work, conv, {
      authorKind,
      authorId: input.authorId,
      body: input.text,
      payload: rich,
      externalId: null,
      now,
    });
    return message;
  });
}
