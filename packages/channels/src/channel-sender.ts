import type { Knex } from 'knex';
import {
  degradeComponents,
  type DurableEvent,
  type MessageComponentRegistry,
  type OutboundMessage,
  type PluginBus,
  type PluginChannelAdapters,
  type PluginLogger,
} from '@bacon/sdk';
import type { InboxApi, InboxEventPayloads } from '@bacon/inbox-contract';
import { channelThreads } from './channel-threads.js';
import { ChannelErrors } from './errors.js';
import { deliveries, type Delivery } from './deliveries.js';
import type { ChannelMetrics } from './channel-metrics.js';

export interface SenderOptions {
  /**
   * Run the sender on this host (default true). False on hosts that should only take webhooks:
   * replies committed there are sent by the hosts that run it (the durable stream keeps them).
   */
  enabled?: boolean;
  /** Sends of one message before it is failed (default 5). */
  maxAttempts?: number;
  /** First backoff between attempts, doubled each time (default 500 ms). */
  retryBaseMs?: number;
  /** The longest wait between attempts, a provider's Retry-After included (default 30 s). */
  retryMaxMs?: number;
}

export interface SenderDeps {
  db: Knex;
  bus: Pick<PluginBus, 'publish'>;
  inbox: Pick<InboxApi, 'getConversation'>;
  adapters: PluginChannelAdapters;
  /** The rich message types: plugin types degrade with their own fallback text. */
  components?: Pick<MessageComponentRegistry, 'degrade'>;
  metrics: ChannelMetrics;
  log: Pick<PluginLogger, 'warn'>;
  /** This plugin's id: its own `web` channel is delivered by realtime, not sent. */
  selfId: string;
}

type SendError = { code?: string; message?: string; status?: number; retryable?: boolean; details?: { retryAfterSeconds?: unknown } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long to wait before the next attempt, or undefined when the failure is permanent. */
export function retryDelay(err: SendError, attempt: number, opts: Required<SenderOptions>): number | undefined {
  const status = err.status ?? 502;
  if (status === 429) {
    const after = Number(err.details?.retryAfterSeconds);
    return Math.min(Number.isFinite(after) && after >= 0 ? after * 1000 : opts.retryBaseMs * 2 ** attempt, opts.retryMaxMs);
  }
  if (err.retryable || status === 503 || status === 504) return Math.min(opts.retryBaseMs * 2 ** attempt, opts.retryMaxMs);
  return undefined;
}

/**
 * The channel sender: a durable consumer of the inbox's `message.created`. An agent's (or bot's)
 * message on a conversation of a provider channel is sent through that channel's adapter, with
 * its components degraded to what the channel renders, retried with backoff (a 429's Retry-After
 * honoured), and its delivery recorded: the provider's id, then sent / delivered / read / failed.
 * A message whose delivery is no longer `queued` is not sent again (the event is redelivered after a
 * crash); one that crashed between the provider's answer and the record is sent again with the
 * same `messageId`, the idempotency key adapters pass to providers that take one.
 */
export function channelSender(deps: SenderDeps, options: SenderOptions = {}) {
  const opts: Required<SenderOptions> = { enabled: true, maxAttempts: 5, retryBaseMs: 500, retryMaxMs: 30000, ...options };
  const announce = async (tenantId: string, d: Delivery | undefined) => {
    if (d)
      await deps.bus.publish({ topic: 'channel.delivery.updated', tenantId, payload: { conversationId: d.conversationId, delivery: d } });
  };

  return async function send(event: DurableEvent): Promise<void> {
    const { message } = event.payload as InboxEventPayloads['message.created'];
    if (!message || message.authorKind === 'contact') return;
    const info = deps.adapters.list().find((a) => a.name === message.channel && a.pluginId !== deps.selfId && a.methods.includes('send'));
    if (!info) return;
    const tenantId = event.tenantId;
    const opened = await deliveries.open(deps.db, {
      tenantId,
      messageId: message.id,
      conversationId: message.conversationId,
      pluginId: info.pluginId,
      channel: info.name,
    });
    if (opened.status !== 'queued') return;
    const thread = await channelThreads.get(deps.db, tenantId, message.conversationId);
    const conversation = await deps.inbox.getConversation(tenantId, message.conversationId);
    const payload = (message.payload ?? {}) as { components?: OutboundMessage['components']; attachments?: OutboundMessage['attachments'] };
    const outbound: OutboundMessage = {
      externalConversationId: String(conversation?.externalId ?? ''),
      text: message.body,
      components: degradeComponents(payload.components, info.supports, deps.components, info.name),
      attachments: payload.attachments,
      messageId: message.id,
      lastInboundAt: thread?.lastInboundAt ?? null,
    };
    const labels = { channel: info.name };
    for (let attempt = 0; ; attempt++) {
      await deliveries.attempt(deps.db, tenantId, message.id);
      const end = deps.metrics.sendDuration.startTimer(labels);
      try {
        const r = await deps.adapters.call<{ externalMessageId?: unknown }>(info.pluginId, 'send', outbound, tenantId);
        end();
        if (typeof r?.externalMessageId !== 'string' || !r.externalMessageId)
          throw { code: 'channel_send_invalid', message: 'the adapter answered no provider message id', status: 502 };
        await deliveries.sent(deps.db, tenantId, message.id, r.externalMessageId);
        deps.metrics.outbound.inc({ ...labels, outcome: 'sent' });
        await announce(tenantId, await deliveries.get(deps.db, tenantId, message.id));
        return;
      } catch (raw) {
        end();
        const err = raw as SendError;
        const wait = attempt + 1 < opts.maxAttempts ? retryDelay(err, attempt, opts) : undefined;
        if (wait === undefined) {
          deps.log.warn({ plugin: info.pluginId, messageId: message.id, code: err.code }, 'channel send failed');
          await deliveries.failed(deps.db, tenantId, message.id, {
            code: err.code ?? 'channel_send_failed',
            message: err.message ?? 'The send failed.',
          });
          deps.metrics.outbound.inc({ ...labels, outcome: 'failed' });
          await announce(tenantId, await deliveries.get(deps.db, tenantId, message.id));
          return;
        }
        deps.metrics.outbound.inc({ ...labels, outcome: 'retried' });
        await sleep(wait);
      }
    }
  };
}
