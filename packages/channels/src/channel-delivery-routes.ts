import type { Knex } from 'knex';
import { NotFound, type PluginRoutes } from '@bacon/sdk';
import type { InboxApi } from '@bacon/inbox-contract';
import { deliveries } from './deliveries.js';
import { channelThreads } from './channel-threads.js';

const delivery = {
  type: 'object',
  required: ['messageId', 'status'],
  properties: {
    messageId: { type: 'string' },
    conversationId: { type: 'string' },
    channel: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'sent', 'delivered', 'read', 'failed'] },
    externalId: { type: ['string', 'null'] },
    error: { type: ['object', 'null'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
    attempts: { type: 'integer' },
    updatedAt: { type: 'string' },
  },
} as const;

/**
 * `GET /api/v1/channels/conversations/:id/deliveries`: where each outbound message of a provider
 * conversation stands (queued, sent, delivered, read, failed with its reason), the channel plugin
 * and when the contact last wrote (the customer-service window).
 */
export function registerDeliveryRoutes(routes: PluginRoutes, deps: { db: Knex; inbox: Pick<InboxApi, 'getConversation'> }): void {
  routes.get('/conversations/:id/deliveries', {
    auth: 'agent',
    summary: "Delivery states of a conversation's outbound messages on its provider channel",
    tags: ['channels'],
    schema: {
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
      response: {
        200: {
          type: 'object',
          required: ['deliveries', 'thread'],
          properties: {
            deliveries: { type: 'array', items: delivery },
            thread: {
              type: ['object', 'null'],
              properties: { pluginId: { type: 'string' }, channel: { type: 'string' }, lastInboundAt: { type: 'string' } },
            },
          },
        },
      },
    },
    handler: async (http) => {
      const tenantId = http.state.tenantId!;
      const id = http.params.id!;
      if (!(await deps.inbox.getConversation(tenantId, id))) throw NotFound('No such conversation.');
      const thread = await channelThreads.get(deps.db, tenantId, id);
      return {
        deliveries: await deliveries.forConversation(deps.db, tenantId, id),
        thread: thread ? { pluginId: thread.pluginId, channel: thread.channel, lastInboundAt: thread.lastInboundAt } : null,
      };
    },
  });
}
