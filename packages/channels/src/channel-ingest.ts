import type { Knex } from 'knex';
import type { ChannelEvent, InboundMessage, PluginBus } from '@bacon/sdk';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelThreads } from './channel-threads.js';
import { deliveries } from './deliveries.js';

export interface IngestDeps {
  db: Knex;
  bus: Pick<PluginBus, 'publish'>;
  inbox: Pick<InboxApi, 'ingestInbound' | 'findConversationByExternalId'>;
}

export interface IngestTarget {
  tenantId: string;
  pluginId: string;
  channel: string;
}

/** The normalised extras (location, shared contacts, a quick-reply answer) go into the message's metadata. */
function withExtras(m: InboundMessage): InboundMessage {
  const metadata: Record<string, unknown> = { ...(m.metadata ?? {}) };
  if (m.location) metadata.location = m.location;
  if (m.sharedContacts?.length) metadata.sharedContacts = m.sharedContacts;
  if (m.reply) metadata.reply = m.reply;
  return Object.keys(metadata).length ? { ...m, metadata } : m;
}

/**
 * Stores what one webhook (or poll) brought, before it is acknowledged: messages through the
 * inbox (idempotent by the channel and the provider's message id, so a redelivered or concurrent
 * copy is one message), statuses (by message id, or a conversation's watermark) onto the
 * deliveries of messages sent earlier. Answers counts.
 */
export async function ingestChannelEvents(
  deps: IngestDeps,
  target: IngestTarget,
  events: readonly ChannelEvent[],
): Promise<{ messages: number; duplicates: number; statuses: number }> {
  let messages = 0;
  let duplicates = 0;
  let statuses = 0;
  for (const e of events) {
    if (e.type === 'message') {
      const r = await deps.inbox.ingestInbound(target.tenantId, { ...withExtras(e.message), channel: target.channel });
      if (r.duplicate) duplicates++;
      else messages++;
      const sentAt = e.message.sentAt ? new Date(e.message.sentAt) : new Date(r.message.createdAt);
      await channelThreads.touch(deps.db, {
        tenantId: target.tenantId,
        conversationId: r.conversation.id,
        pluginId: target.pluginId,
        channel: target.channel,
        at: Number.isNaN(sentAt.getTime()) ? new Date() : sentAt,
      });
    } else if (e.type === 'watermark') {
      const at = new Date(e.at);
      const conversation = await deps.inbox.findConversationByExternalId(target.tenantId, target.channel, e.externalConversationId);
      if (!conversation || Number.isNaN(at.getTime())) continue;
      const moved = await deliveries.applyWatermark(deps.db, {
        tenantId: target.tenantId,
        conversationId: conversation.id,
        status: e.status,
        at,
      });
      statuses += moved.length;
      for (const d of moved)
        await deps.bus.publish({
          topic: 'channel.delivery.updated',
          tenantId: target.tenantId,
          payload: { conversationId: d.conversationId, delivery: d },
        });
    } else if (e.type === 'status') {
      const d = await deliveries.applyStatus(deps.db, {
        tenantId: target.tenantId,
        channel: target.channel,
        externalId: e.externalMessageId,
        status: e.status,
        error: e.error,
      });
      if (!d) continue;
      statuses++;
      await deps.bus.publish({
        topic: 'channel.delivery.updated',
        tenantId: target.tenantId,
        payload: { conversationId: d.conversationId, delivery: d },
      });
    }
  }
  return { messages, duplicates, statuses };
}
