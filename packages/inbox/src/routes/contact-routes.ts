import type { PluginRoutes } from '@bacon/sdk';
import {
  contactListItemSchema,
  contactPatchSchema,
  contactSchema,
  conversationSchema,
  pageSchema,
  type ContactPatch,
} from '@bacon/inbox-contract';
import type { InboxDeps } from '../services/deps.js';
import { getContactDetail, listContacts, mergeContacts, patchContact } from '../services/contacts.js';
import { caller } from './caller.js';
import { errors, idParams } from './schemas.js';

const detailSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['contact', 'conversations'],
  properties: { contact: contactSchema, conversations: { type: 'array', items: conversationSchema } },
};

/** The Contacts page and the contact panel: list and search, one contact with its conversations, edit, merge. */
export function contactRoutes(routes: PluginRoutes, deps: InboxDeps): void {
  routes.get('/contacts', {
    auth: 'agent',
    summary: 'List contacts, newest first; q searches name, email, phone and channel id (cursor pagination)',
    tags: ['inbox'],
    schema: {
      query: {
        type: 'object',
        additionalProperties: false,
        properties: {
          q: { type: 'string', minLength: 1, maxLength: 200 },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
          cursor: { type: 'string', minLength: 1, maxLength: 500 },
        },
      },
      response: { 200: pageSchema(contactListItemSchema), ...errors },
    },
    handler: async (ctx) => listContacts(deps, caller(ctx).tenantId, ctx.state.query as { q?: string; limit: number; cursor?: string }),
  });

  routes.get('/contacts/:id', {
    auth: 'agent',
    summary: 'One contact with its conversations (newest first, up to 50)',
    tags: ['inbox'],
    schema: { params: idParams, response: { 200: detailSchema, ...errors } },
    handler: async (ctx) => getContactDetail(deps, caller(ctx).tenantId, ctx.params.id!),
  });

  routes.patch('/contacts/:id', {
    auth: 'agent',
    summary: 'Edit a contact: name, email, phone (null clears one)',
    tags: ['inbox'],
    schema: { params: idParams, body: contactPatchSchema, response: { 200: contactSchema, ...errors } },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      const { before, after } = await patchContact(deps, tenantId, ctx.params.id!, ctx.request.body as ContactPatch);
      await deps.audit?.record({
        tenantId,
        actorId: user.id,
        ip: ctx.state.clientIp as string | undefined,
        action: 'contact.updated',
        targetType: 'contact',
        targetId: after.id,
        before: { name: before.name, email: before.email, phone: before.phone },
        after: { name: after.name, email: after.email, phone: after.phone },
      });
      return after;
    },
  });

  routes.post('/contacts/:id/merge', {
    auth: 'agent',
    summary: 'Merge contact sourceId into this one: its conversations move here; this contact’s own fields win',
    tags: ['inbox'],
    schema: {
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['sourceId'],
        properties: { sourceId: { type: 'string', format: 'uuid' } },
      },
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['contact', 'movedConversations'],
          properties: { contact: contactSchema, movedConversations: { type: 'integer', minimum: 0 } },
        },
        ...errors,
      },
    },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      const { sourceId } = ctx.request.body as { sourceId: string };
      const out = await mergeContacts(deps, tenantId, ctx.params.id!, sourceId);
      await deps.audit?.record({
        tenantId,
        actorId: user.id,
        ip: ctx.state.clientIp as string | undefined,
        action: 'contact.merged',
        targetType: 'contact',
        targetId: out.contact.id,
        before: { mergedContactId: sourceId, name: out.source.name, email: out.source.email, phone: out.source.phone },
        after: { movedConversations: out.movedConversations },
      });
      return { contact: out.contact, movedConversations: out.movedConversations };
    },
  });
}
