import type { PluginRoutes } from '@bacon/sdk';
import type { InboxDeps } from '../services/deps.js';
import { applyMacro, createMacro, deleteMacro, getMacro, listMacros, updateMacro } from '../services/macros.js';
import type { MacroAction } from '@bacon/inbox-contract';
import { caller } from './caller.js';
import { conversationSchema, macroActionSchema, macroSchema, messageSchema } from '@bacon/inbox-contract';
import { errors, idParams } from './schemas.js';

const fields = {
  name: { type: 'string', minLength: 1, maxLength: 120 },
  body: { type: ['string', 'null'], maxLength: 20000 },
  actions: { type: 'array', maxItems: 20, items: macroActionSchema },
};

/** Canned replies with variables and actions; agents apply them, admins manage them. */
export function macroRoutes(routes: PluginRoutes, deps: InboxDeps): void {
  routes.get('/macros', {
    auth: 'agent',
    summary: 'List macros',
    tags: ['inbox'],
    schema: {
      response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: macroSchema } } }, ...errors },
    },
    handler: async (ctx) => ({ items: await listMacros(deps, caller(ctx).tenantId) }),
  });

  routes.post('/macros', {
    auth: 'admin',
    summary: 'Create a macro',
    tags: ['inbox'],
    schema: {
      body: { type: 'object', additionalProperties: false, required: ['name'], properties: fields },
      response: { 201: macroSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      const body = ctx.request.body as { name: string; body?: string | null; actions?: MacroAction[] };
      const created = await createMacro(deps, {
        tenantId,
        name: body.name,
        body: body.body ?? null,
        actions: body.actions ?? [],
        createdBy: user.id,
      });
      ctx.status = 201;
      return created;
    },
  });

  routes.get('/macros/:id', {
    auth: 'agent',
    summary: 'One macro',
    tags: ['inbox'],
    schema: { params: idParams, response: { 200: macroSchema, ...errors } },
    handler: async (ctx) => getMacro(deps, caller(ctx).tenantId, ctx.params.id!),
  });

  routes.patch('/macros/:id', {
    auth: 'admin',
    summary: 'Change a macro',
    tags: ['inbox'],
    schema: {
      params: idParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: fields },
      response: { 200: macroSchema, ...errors },
    },
    handler: async (ctx) =>
      updateMacro(
        deps,
        caller(ctx).tenantId,
        ctx.params.id!,
        ctx.request.body as { name?: string; body?: string | null; actions?: MacroAction[] },
      ),
  });

  routes.delete('/macros/:id', {
    auth: 'admin',
    summary: 'Delete a macro',
    tags: ['inbox'],
    schema: { params: idParams, response: { 204: {}, ...errors } },
    handler: async (ctx) => {
      await deleteMacro(deps, caller(ctx).tenantId, ctx.params.id!);
      ctx.status = 204;
    },
  });

  routes.post('/macros/:id/apply', {
    auth: 'agent',
    summary: 'Apply a macro to a conversation: reply and actions in one transaction',
    tags: ['inbox'],
    schema: {
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['conversationId'],
        properties: { conversationId: { type: 'string', format: 'uuid' } },
      },
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['conversation', 'message'],
          properties: { conversation: conversationSchema, message: { anyOf: [messageSchema, { type: 'null' }] } },
        },
        ...errors,
      },
    },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      return applyMacro(deps, {
        tenantId,
        conversationId: (ctx.request.body as { conversationId: string }).conversationId,
        macroId: ctx.params.id!,
        user,
      });
    },
  });
}
