import type { Knex } from 'knex';
import { NotFound, type PluginChannelAdapters, type PluginRoutes, type ReplyWindow } from '@bacon/sdk';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelThreads } from './channel-threads.js';
import { ChannelErrors } from './errors.js';

export interface WindowRouteDeps {
  db: Knex;
  inbox: Pick<InboxApi, 'getConversation'>;
  adapters: PluginChannelAdapters;
}

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const;

const windowSchema = {
  type: ['object', 'null'],
  required: ['open', 'closesAt', 'whenClosed', 'templates'],
  properties: {
    open: { type: 'boolean' },
    closesAt: { type: ['string', 'null'] },
    whenClosed: { type: 'string', enum: ['templates', 'nothing'] },
    templates: {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { type: 'string' } } },
    },
    reason: { type: 'string' },
  },
} as const;

/** The adapter's answer, kept to the contract's fields (a sandboxed adapter's value is not trusted). */
export function replyWindowOf(raw: unknown, pluginId: string): ReplyWindow {
  const w = raw as Partial<ReplyWindow> | undefined;
  if (!w || typeof w !== 'object' || typeof w.open !== 'boolean') throw ChannelErrors.windowInvalid({ pluginId });
  const closesAt = typeof w.closesAt === 'string' && !Number.isNaN(Date.parse(w.closesAt)) ? new Date(w.closesAt).toISOString() : null;
  const templates = (Array.isArray(w.templates) ? w.templates : [])
    .filter((t) => t && typeof t.name === 'string')
    .map((t) => ({ name: t.name, ...(typeof t.description === 'string' ? { description: t.description } : {}) }));
  return {
    open: w.open,
    closesAt,
    whenClosed: w.whenClosed === 'templates' ? 'templates' : 'nothing',
    templates,
    ...(typeof w.reason === 'string' ? { reason: w.reason.slice(0, 500) } : {}),
  };
}

/**
 * `GET /api/v1/channels/conversations/:id/window`: the conversation's customer-service window as
 * its channel adapter rules it (open until when; closed: templates only, or nothing), for the
 * console. `POST /api/v1/channels/conversations/:id/seen`: tells the provider an agent has seen
 * the contact's messages, on channels that take it (Messenger's `mark_seen`).
 */
export function registerWindowRoutes(routes: PluginRoutes, deps: WindowRouteDeps): void {
  const threadOf = async (tenantId: string, id: string) => {
    const conversation = await deps.inbox.getConversation(tenantId, id);
    if (!conversation) throw NotFound('No such conversation.');
    const thread = await channelThreads.get(deps.db, tenantId, id);
    const info = thread ? deps.adapters.get(thread.pluginId) : undefined;
    return { conversation, thread, info };
  };

  routes.get('/conversations/:id/window', {
    auth: 'agent',
    summary: "A provider conversation's customer-service window (open until, or closed: templates only)",
    tags: ['channels'],
    schema: {
      params: idParams,
      response: {
        200: {
          type: 'object',
          required: ['channel', 'window'],
          properties: {
            channel: { type: 'string' },
            pluginId: { type: ['string', 'null'] },
            lastInboundAt: { type: ['string', 'null'] },
            window: windowSchema,
          },
        },
      },
    },
    handler: async (http) => {
      const tenantId = http.state.tenantId!;
      const { conversation, thread, info } = await threadOf(tenantId, http.params.id!);
      const base = { channel: conversation.channel, pluginId: thread?.pluginId ?? null, lastInboundAt: thread?.lastInboundAt ?? null };
      if (!thread || !info?.methods.includes('replyWindow')) return { ...base, window: null };
      const raw = await deps.adapters.call(thread.pluginId, 'replyWindow', { lastInboundAt: thread.lastInboundAt }, tenantId);
      return { ...base, window: replyWindowOf(raw, thread.pluginId) };
    },
  });

  routes.post('/conversations/:id/seen', {
    auth: 'agent',
    summary: "Tells the conversation's provider that an agent has seen the contact's messages (where the channel takes it)",
    tags: ['channels'],
    schema: {
      params: idParams,
      response: { 200: { type: 'object', required: ['marked'], properties: { marked: { type: 'boolean' } } } },
    },
    handler: async (http) => {
      const tenantId = http.state.tenantId!;
      const { conversation, thread, info } = await threadOf(tenantId, http.params.id!);
      if (!thread || !info?.methods.includes('markSeen') || !conversation.externalId) return { marked: false };
      await deps.adapters.call(thread.pluginId, 'markSeen', { externalConversationId: conversation.externalId }, tenantId);
      return { marked: true };
    },
  });
}
