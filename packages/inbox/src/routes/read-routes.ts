import type { PluginRoutes } from '@bacon/sdk';
import { readMarkerSchema } from '@bacon/inbox-contract';
import type { InboxDeps } from '../services/deps.js';
import { markRead } from '../services/read-markers.js';
import { caller } from './caller.js';
import { errors, idParams } from './schemas.js';

/** The caller's read marker: what `unreadCount` in the list and `unread` in the views count from. */
export function readRoutes(routes: PluginRoutes, deps: InboxDeps): void {
  routes.post('/conversations/:id/read', {
    auth: 'agent',
    summary: "Mark a conversation read by the caller, up to a message's seq (default: the last one)",
    tags: ['inbox'],
    schema: {
      params: idParams,
      body: { type: 'object', additionalProperties: false, properties: { seq: { type: 'integer', minimum: 0 } } },
      response: { 200: readMarkerSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      const body = (ctx.request.body ?? {}) as { seq?: number };
      return markRead(deps, { tenantId, userId: user.id, conversationId: ctx.params.id!, seq: body.seq });
    },
  });
}
