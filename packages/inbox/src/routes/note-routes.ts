import type { Attachment, PluginRoutes } from '@bacon/sdk';
import type { InboxDeps } from '../services/deps.js';
import { createNote, deleteNote, listNotes, updateNote } from '../services/notes.js';
import { caller } from './caller.js';
import { attachmentsSchema, noteSchema } from '@bacon/inbox-contract';
import { errors, idParams } from './schemas.js';

const noteParams = {
  type: 'object',
  required: ['id', 'noteId'],
  properties: { id: { type: 'string', format: 'uuid' }, noteId: { type: 'string', format: 'uuid' } },
};
const noteBody = {
  type: 'object',
  additionalProperties: false,
  required: ['body'],
  properties: {
    body: { type: 'string', minLength: 1, maxLength: 10000, pattern: '\\S' },
    mentions: { type: 'array', maxItems: 50, items: { type: 'string', format: 'uuid' } },
  },
};
/** A new note may carry files, as a reply does; an edit changes its text and mentions only. */
const newNoteBody = { ...noteBody, properties: { ...noteBody.properties, attachments: attachmentsSchema } };

/** Private notes between agents, with @mentions of users of the tenant. */
export function noteRoutes(routes: PluginRoutes, deps: InboxDeps): void {
  routes.get('/conversations/:id/notes', {
    auth: 'agent',
    summary: 'Private notes, oldest first',
    tags: ['inbox'],
    schema: {
      params: idParams,
      response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: noteSchema } } }, ...errors },
    },
    handler: async (ctx) => ({ items: await listNotes(deps, caller(ctx).tenantId, ctx.params.id!) }),
  });

  routes.post('/conversations/:id/notes', {
    auth: 'agent',
    summary: 'Add a private note (with files uploaded to the conversation, seen only by agents)',
    tags: ['inbox'],
    schema: { params: idParams, body: newNoteBody, response: { 201: noteSchema, ...errors } },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      const body = ctx.request.body as { body: string; mentions?: string[]; attachments?: Attachment[] };
      const created = await createNote(deps, { tenantId, conversationId: ctx.params.id!, author: user, ...body });
      ctx.status = 201;
      return created;
    },
  });

  routes.patch('/conversations/:id/notes/:noteId', {
    auth: 'agent',
    summary: 'Edit a note (its author or an admin)',
    tags: ['inbox'],
    schema: { params: noteParams, body: noteBody, response: { 200: noteSchema, ...errors } },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      const body = ctx.request.body as { body: string; mentions?: string[] };
      return updateNote(deps, { tenantId, conversationId: ctx.params.id!, noteId: ctx.params.noteId!, user, ...body });
    },
  });

  routes.delete('/conversations/:id/notes/:noteId', {
    auth: 'agent',
    summary: 'Delete a note (its author or an admin)',
    tags: ['inbox'],
    schema: { params: noteParams, response: { 204: {}, ...errors } },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      await deleteNote(deps, { tenantId, conversationId: ctx.params.id!, noteId: ctx.params.noteId!, user });
      ctx.status = 204;
    },
  });
}
