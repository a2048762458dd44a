import type { PluginRoutes } from '@bacon/sdk';
import type { InboxDeps } from '../services/deps.js';
import { sendAgentMessage } from '../services/send-agent-message.js';
import { transcriptPage } from '../services/transcript.js';
import { caller } from './caller.js';
import { attachmentsSchema, messageSchema, pageSchema } from '@bacon/inbox-contract';
import { errors, idParams } from './schemas.js';

export function messageRoutes(routes: PluginRoutes, deps: InboxDeps): void {
  routes.get('/conversations/:id/messages', {
    auth: 'agent',
    summary: 'The transcript, cursor-paginated by sequence number (newest or oldest first)',
    tags: ['inbox'],
    schema: {
      params: idParams,
      query: {
        type: 'object',
        additionalProperties: false,
        properties: {
          order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          cursor: { type: 'string', minLength: 1, maxLength: 200 },
        },
      },
      response: { 200: pageSchema(messageSchema), ...errors },
    },
    handler: async (ctx) => {
      const q = ctx.state.query as { order: 'asc' | 'desc'; limit: number; cursor?: string };
      return transcriptPage(deps, caller(ctx).tenantId, ctx.params.id!, q);
    },
  });

  routes.post('/conversations/:id/messages', {
    auth: 'agent',
    summary: 'Reply as the calling agent',
    tags: ['inbox'],
    schema: {
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['text'],
        properties: {
          text: { type: 'string', minLength: 1, maxLength: 20000, pattern: '\\S' },
          components: {
            type: 'array',
            maxItems: 20,
            items: { type: 'object', required: ['type'], properties: { type: { type: 'string', minLength: 1 } } },
          },
          attachments: attachmentsSchema,
        },
      },
      response: { 201: messageSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      const body = ctx.request.body as { text: string; components?: never[]; attachments?: never[] };
      const sent = await sendAgentMessage(deps, tenantId, ctx.params.id!, { authorId: user.id, authorKind: 'agent', ...body });
      ctx.status = 201;
      return sent;
    },
  });
}
