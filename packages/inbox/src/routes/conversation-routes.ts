import type { PluginRoutes } from '@bacon/sdk';
import type { InboxDeps } from '../services/deps.js';
import { changeTags, countViews, getConversation, listConversations, updateDetails, type ListQuery } from '../services/conversations.js';
import { transitionConversation } from '../services/apply-transition.js';
import { assignConversation } from '../services/assign-agent.js';
import { assignNext } from '../services/assign-next.js';
import {
  contactSchema,
  conversationListItemSchema,
  conversationListQuerySchema,
  conversationSchema,
  pageSchema,
  prioritySchema,
  stateSchema,
  tagSchema,
  viewCountSchema,
  type ConversationListQuery,
  type ConversationState,
  type Priority,
} from '@bacon/inbox-contract';
import { caller } from './caller.js';
import { errors, idParams } from './schemas.js';

/** The list query once validated: the schema's defaults filled sort, order and limit. */
type ValidListQuery = ConversationListQuery & Required<Pick<ConversationListQuery, 'sort' | 'order' | 'limit'>>;

const withContact = {
  type: 'object',
  additionalProperties: false,
  required: ['conversation', 'contact'],
  properties: { conversation: conversationSchema, contact: contactSchema },
};

export function conversationRoutes(routes: PluginRoutes, deps: InboxDeps): void {
  routes.get('/conversations', {
    auth: 'agent',
    summary: 'List conversations with their contacts (view, filters, sort by update, creation or priority; cursor pagination)',
    tags: ['inbox'],
    schema: {
      query: conversationListQuerySchema,
      response: { 200: pageSchema(conversationListItemSchema), ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      const q = ctx.state.query as unknown as ValidListQuery;
      const assignee = q.assignee === 'me' ? user.id : q.assignee === 'none' ? null : q.assignee;
      const query: ListQuery = {
        view: q.view ? { id: q.view, me: user.id } : undefined,
        reader: user.id,
        state: q.state,
        priority: q.priority,
        assigneeId: assignee,
        tag: q.tag,
        channel: q.channel,
        contactId: q.contactId,
        search: q.q,
        sort: q.sort,
        order: q.order,
        limit: q.limit,
        cursor: q.cursor,
      };
      return listConversations(deps, tenantId, query);
    },
  });

  routes.get('/inbox/views', {
    auth: 'agent',
    summary: 'The views (new, mine, unassigned, all, snoozed, closed) with their counts for the caller',
    tags: ['inbox'],
    schema: {
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['items'],
          properties: { items: { type: 'array', items: viewCountSchema } },
        },
        ...errors,
      },
    },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      return { items: await countViews(deps, tenantId, user.id) };
    },
  });

  routes.get('/conversations/:id', {
    auth: 'agent',
    summary: 'One conversation with its contact',
    tags: ['inbox'],
    schema: { params: idParams, response: { 200: withContact, ...errors } },
    handler: async (ctx) => getConversation(deps, caller(ctx).tenantId, ctx.params.id!),
  });

  routes.patch('/conversations/:id', {
    auth: 'agent',
    summary: 'Change priority or subject',
    tags: ['inbox'],
    schema: {
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { priority: prioritySchema, subject: { type: ['string', 'null'], maxLength: 300 } },
      },
      response: { 200: conversationSchema, ...errors },
    },
    handler: async (ctx) =>
      updateDetails(deps, caller(ctx).tenantId, ctx.params.id!, ctx.request.body as { priority?: Priority; subject?: string | null }),
  });

  routes.post('/conversations/:id/transition', {
    auth: 'agent',
    summary: 'Move through the queue states (409 lists the allowed ones)',
    tags: ['inbox'],
    schema: {
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['to'],
        properties: { to: stateSchema, until: { type: 'string', format: 'date-time' }, agentId: { type: 'string', format: 'uuid' } },
      },
      response: { 200: conversationSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, actor } = caller(ctx);
      const body = ctx.request.body as { to: ConversationState; until?: string; agentId?: string };
      return transitionConversation(deps, {
        tenantId,
        conversationId: ctx.params.id!,
        to: body.to,
        until: body.until ? new Date(body.until) : undefined,
        agentId: body.agentId,
        actor,
      });
    },
  });

  routes.post('/conversations/:id/assign', {
    auth: 'agent',
    summary: 'Assign to an agent ({agentId}) or to the next one in rotation ({strategy:"round_robin"})',
    tags: ['inbox'],
    schema: {
      params: idParams,
      body: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['agentId'],
            properties: { agentId: { type: 'string', format: 'uuid' } },
          },
          { type: 'object', additionalProperties: false, required: ['strategy'], properties: { strategy: { const: 'round_robin' } } },
        ],
      },
      response: { 200: conversationSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, actor } = caller(ctx);
      const body = ctx.request.body as { agentId?: string; strategy?: 'round_robin' };
      return body.agentId
        ? assignConversation(deps, { tenantId, conversationId: ctx.params.id!, agentId: body.agentId, actor })
        : assignNext(deps, { tenantId, conversationId: ctx.params.id!, actor });
    },
  });

  routes.put('/conversations/:id/tags', {
    auth: 'agent',
    summary: 'Replace the tags',
    tags: ['inbox'],
    schema: {
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['tags'],
        properties: { tags: { type: 'array', maxItems: 50, items: tagSchema } },
      },
      response: { 200: conversationSchema, ...errors },
    },
    handler: async (ctx) => changeTags(deps, caller(ctx).tenantId, ctx.params.id!, { set: (ctx.request.body as { tags: string[] }).tags }),
  });

  routes.post('/conversations/:id/tags', {
    auth: 'agent',
    summary: 'Add or remove tags',
    tags: ['inbox'],
    schema: {
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { add: { type: 'array', maxItems: 50, items: tagSchema }, remove: { type: 'array', maxItems: 50, items: tagSchema } },
      },
      response: { 200: conversationSchema, ...errors },
    },
    handler: async (ctx) =>
      changeTags(deps, caller(ctx).tenantId, ctx.params.id!, ctx.request.body as { add?: string[]; remove?: string[] }),
  });
}
