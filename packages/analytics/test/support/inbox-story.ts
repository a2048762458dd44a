import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { NewDurableEvent, PluginEventLog } from '@bacon/sdk';
import type { Conversation, ConversationState, Message } from '@bacon/inbox-contract';

type Step = (trx: Knex, events: NewDurableEvent[]) => Promise<void>;

/**
 * Hand-built inbox history at chosen instants: each step writes the inbox's rows (conversation,
 * messages, audit log, assignment history) and appends the events the inbox would have appended,
 * with the same payload shapes, in one transaction. The inbox's API stamps the current time, so
 * fixtures whose numbers are worked out by hand are written this way.
 */
export class InboxStory {
  private readonly steps: Step[] = [];

  constructor(readonly tenantId: string) {}

  /** A conversation; `siteKey`: a web conversation's widget site key, carried by its visitor messages. */
  conversation(channel: string, at: string, siteKey?: string): StoryConversation {
    return new StoryConversation(this, channel, at, siteKey);
  }

  add(step: Step): void {
    this.steps.push(step);
  }

  /** Writes every step in order, one transaction each, and answers how many events were appended. */
  async write(db: Knex, log: PluginEventLog): Promise<number> {
    let count = 0;
    for (const step of this.steps)
      await db.transaction(async (trx) => {
        const events: NewDurableEvent[] = [];
        await step(trx, events);
        await log.append(trx, events);
        count += events.length;
      });
    this.steps.length = 0;
    return count;
  }
}

export class StoryConversation {
  readonly id = randomUUID();
  readonly contactId = randomUUID();
  private conv: Conversation;

  constructor(
    private readonly story: InboxStory,
    channel: string,
    at: string,
    private readonly siteKey?: string,
  ) {
    const tenantId = story.tenantId;
    this.conv = {
      id: this.id,
      tenantId,
      contactId: this.contactId,
      channel,
      externalId: null,
      state: 'new',
      assigneeId: null,
      priority: 'none',
      subject: null,
      tags: [],
      snoozedUntil: null,
      waitingSince: null,
      firstInboundAt: null,
      firstResponseAt: null,
      lastMessageAt: null,
      closedAt: null,
      lastSeq: 0,
      preview: null,
      createdAt: at,
      updatedAt: at,
    };
    const snapshot = { ...this.conv };
    story.add(async (trx, events) => {
      await trx('inbox_contacts').insert({ id: this.contactId, tenant_id: tenantId, channel, external_id: this.contactId, created_at: at });
      await trx('inbox_conversations').insert({
        id: this.id,
        tenant_id: tenantId,
        contact_id: this.contactId,
        channel,
        state: 'new',
        created_at: at,
        updated_at: at,
      });
      events.push(this.event('conversation.created', snapshot, {}));
    });
  }

  private event(topic: string, conversation: Conversation, extra: Record<string, unknown>): NewDurableEvent {
    return {
      topic,
      tenantId: this.story.tenantId,
      key: this.id,
      seq: conversation.lastSeq,
      payload: { conversationId: this.id, conversation, ...extra },
    };
  }

  /** A message: `contact` (inbound), `agent` (a human reply by `authorId`), `bot` or `system`. */
  message(authorKind: Message['authorKind'], at: string, authorId: string | null = null): this {
    this.conv = { ...this.conv, lastSeq: this.conv.lastSeq + 1, lastMessageAt: at, updatedAt: at };
    const conv = { ...this.conv };
    const message: Message = {
      id: randomUUID(),
      tenantId: this.story.tenantId,
      conversationId: this.id,
      seq: conv.lastSeq,
      authorKind,
      authorId: authorKind === 'contact' ? this.contactId : authorId,
      body: `${authorKind} at ${at}`,
      payload: authorKind === 'contact' && this.siteKey ? { metadata: { siteKey: this.siteKey } } : null,
      channel: conv.channel,
      externalId: null,
      createdAt: at,
    };
    this.story.add(async (trx, events) => {
      await trx('inbox_messages').insert({
        id: message.id,
        tenant_id: message.tenantId,
        conversation_id: this.id,
        seq: message.seq,
        author_kind: authorKind,
        author_id: message.authorId,
        body: message.body,
        payload: message.payload ? JSON.stringify(message.payload) : null,
        channel: conv.channel,
        created_at: at,
      });
      await trx('inbox_conversations').where({ id: this.id }).update({ last_seq: conv.lastSeq, last_message_at: at, updated_at: at });
      events.push({
        topic: 'message.created',
        tenantId: message.tenantId,
        key: this.id,
        seq: message.seq,
        payload: { conversationId: this.id, visibility: 'public', message },
      });
      events.push(this.event('conversation.updated', conv, {}));
    });
    return this;
  }

  inbound(at: string): this {
    return this.message('contact', at);
  }

  reply(agentId: string, at: string): this {
    return this.message('agent', at, agentId);
  }

  /** Assigns to `agentId` (state assigned), as the assign endpoint does. */
  assign(agentId: string, at: string): this {
    const before = this.conv;
    this.conv = { ...this.conv, assigneeId: agentId, state: 'assigned', updatedAt: at };
    const conv = { ...this.conv };
    this.story.add(async (trx, events) => {
      await trx('inbox_conversations').where({ id: this.id }).update({ assignee_id: agentId, state: 'assigned', updated_at: at });
      await trx('inbox_assignments').insert({
        id: randomUUID(),
        tenant_id: conv.tenantId,
        conversation_id: this.id,
        agent_id: agentId,
        previous_agent_id: before.assigneeId,
        strategy: 'manual',
        created_at: at,
      });
      await this.audit(trx, 'assign', before.state, 'assigned', at);
      events.push(this.event('conversation.assigned', conv, { agentId, previousAgentId: before.assigneeId, strategy: 'manual' }));
      if (before.state !== 'assigned') events.push(this.event('conversation.transitioned', conv, { from: before.state, to: 'assigned' }));
    });
    return this;
  }

  /** A transition (close, reopen to `new` or `assigned`), as the transition endpoint does. */
  transition(to: ConversationState, at: string): this {
    const before = this.conv;
    const assigneeId = to === 'new' ? null : before.assigneeId;
    this.conv = { ...this.conv, state: to, assigneeId, closedAt: to === 'closed' ? at : null, updatedAt: at };
    const conv = { ...this.conv };
    this.story.add(async (trx, events) => {
      await trx('inbox_conversations')
        .where({ id: this.id })
        .update({ state: to, assignee_id: assigneeId, closed_at: conv.closedAt, updated_at: at });
      await this.audit(trx, before.state === 'closed' ? 'reopen' : 'transition', before.state, to, at);
      if (to === 'new' && before.assigneeId)
        await trx('inbox_assignments').insert({
          id: randomUUID(),
          tenant_id: conv.tenantId,
          conversation_id: this.id,
          agent_id: null,
          previous_agent_id: before.assigneeId,
          strategy: 'manual',
          created_at: at,
        });
      events.push(this.event('conversation.transitioned', conv, { from: before.state, to }));
    });
    return this;
  }

  close(at: string): this {
    return this.transition('closed', at);
  }

  private async audit(trx: Knex, action: string, from: string, to: string, at: string) {
    await trx('inbox_audit_log').insert({
      id: randomUUID(),
      tenant_id: this.story.tenantId,
      conversation_id: this.id,
      action,
      from_state: from,
      to_state: to,
      actor_kind: 'system',
      created_at: at,
    });
  }
}
