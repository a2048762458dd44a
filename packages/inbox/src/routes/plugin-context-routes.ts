import type { PluginRoutes } from '@bacon/sdk';
import { noteSchema } from '@bacon/inbox-contract';
import type { InboxDeps } from '../services/deps.js';
import { conversationContext, offeredActions, runConversationAction, type PluginServicesForInbox } from '../services/plugin-context.js';
import { caller } from './caller.js';
import { errors, idParams } from './schemas.js';

const resultSchema = {
  type: 'object',
  required: ['pluginId', 'enricher', 'title', 'status', 'ms'],
  properties: {
    pluginId: { type: 'string' },
    enricher: { type: 'string' },
    title: { type: 'string' },
    status: { enum: ['ok', 'timeout', 'breaker_open', 'too_large', 'failed'] },
    data: {},
    reason: { type: 'string' },
    ms: { type: 'number' },
  },
};

const offeredSchema = {
  type: 'object',
  required: ['pluginId', 'pluginTitle', 'action', 'title', 'label', 'input', 'prefill'],
  properties: {
    pluginId: { type: 'string' },
    pluginTitle: { type: 'string' },
    action: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    label: { type: 'string' },
    input: { type: 'object' },
    prefill: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

const runParams = {
  type: 'object',
  required: ['id', 'pluginId', 'action'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    pluginId: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
    action: { type: 'string', pattern: '^[a-zA-Z][\\w.-]{0,63}$' },
  },
};

/** Where agents meet plugins: the contact's context from every enabled plugin, and plugin actions run from the conversation. */
export function pluginContextRoutes(routes: PluginRoutes, deps: InboxDeps, plugins: PluginServicesForInbox): void {
  routes.get('/conversations/:id/context', {
    auth: 'agent',
    summary:
      "Each enabled plugin's enricher output for the conversation's contact (in parallel; a slow or failing plugin is one result with a reason)",
    tags: ['inbox'],
    schema: {
      params: idParams,
      response: {
        200: { type: 'object', required: ['results'], properties: { results: { type: 'array', items: resultSchema } } },
        ...errors,
      },
    },
    handler: async (ctx) => ({ results: await conversationContext(deps, plugins, caller(ctx).tenantId, ctx.params.id!) }),
  });

  routes.get('/conversations/:id/plugin-actions', {
    auth: 'agent',
    summary: 'The actions enabled plugins offer in this conversation, with their input schemas and values prefilled from it',
    tags: ['inbox'],
    schema: {
      params: idParams,
      response: {
        200: { type: 'object', required: ['actions'], properties: { actions: { type: 'array', items: offeredSchema } } },
        ...errors,
      },
    },
    handler: async (ctx) => ({ actions: await offeredActions(deps, plugins, caller(ctx).tenantId, ctx.params.id!) }),
  });

  routes.post('/conversations/:id/plugin-actions/:pluginId/:action', {
    auth: 'agent',
    summary: "Runs a plugin's conversation action as the agent and posts its result as a private note",
    tags: ['inbox'],
    schema: {
      params: runParams,
      body: { type: 'object', additionalProperties: false, required: ['input'], properties: { input: { type: 'object' } } },
      response: { 200: { type: 'object', required: ['output', 'note'], properties: { output: {}, note: noteSchema } }, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      return runConversationAction(deps, plugins, {
        tenantId,
        user,
        conversationId: ctx.params.id!,
        pluginId: ctx.params.pluginId!,
        action: ctx.params.action!,
        input: (ctx.request.body as { input: unknown }).input,
      });
    },
  });
}
