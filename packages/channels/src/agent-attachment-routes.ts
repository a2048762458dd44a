import type { Knex } from 'knex';
import { NotFound, type HttpContext, type PluginRoutes } from '@bacon/sdk';
import type { InboxPort } from './inbox-port.js';
import { findAttachment, saveAttachment, type AttachmentStore } from './attachments.js';
import { agentAttachmentUrl } from './note-attachment-resolver.js';
import { attachmentLimits, checkAttachment, checkAttachmentName, mediaType } from './attachment-limits.js';

export interface AgentAttachmentDeps {
  db: Knex;
  inbox: InboxPort;
  store: AttachmentStore;
  settingsFor(tenantId: string): Promise<Record<string, unknown>>;
}

const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } };
const LIMITS = {
  type: 'object',
  required: ['maxBytes', 'types'],
  properties: { maxBytes: { type: 'integer' }, types: { type: 'array', items: { type: 'string' } } },
};
const UPLOADED = {
  type: 'object',
  required: ['id', 'name', 'contentType', 'size', 'url'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'integer' },
    url: { type: 'string' },
  },
};

/**
 * Agents' side of attachments (under `/api/v1/channels`): the tenant's limits, an upload to a
 * conversation (the raw bytes as the body, their type as `Content-Type`, the file name in `?name=`),
 * and any attachment of the tenant, the visitors' included.
 */
export function registerAgentAttachmentRoutes(routes: PluginRoutes, deps: AgentAttachmentDeps): void {
  const { db, inbox, store } = deps;

  routes.get('/attachment-limits', {
    auth: 'agent',
    summary: "The tenant's attachment limits: the largest file and the allowed types",
    tags: ['channels'],
    schema: { response: { 200: LIMITS } },
    handler: async (http) => attachmentLimits(await deps.settingsFor(http.state.tenantId!)),
  });

  routes.post('/conversations/:id/attachments', {
    auth: 'agent',
    summary: 'Upload a file for a reply or a note: the raw bytes as the body, their type as Content-Type, the name in ?name=',
    tags: ['channels'],
    rawBody: true,
    schema: {
      params: ID_PARAMS,
      query: {
        type: 'object',
        additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 200, title: 'File name (default: attachment)' } },
      },
      response: { 201: UPLOADED },
    },
    handler: async (http) => {
      const tenantId = http.state.tenantId!;
      const name = checkAttachmentName((http.state.query as { name?: string }).name ?? 'attachment');
      const conv = await inbox.getConversation(tenantId, http.params.id!);
      if (!conv) throw NotFound('No such conversation.', { id: http.params.id });
      const contentType = mediaType(http.get('content-type'));
      const bytes = http.request.rawBody ?? Buffer.alloc(0);
      checkAttachment(attachmentLimits(await deps.settingsFor(tenantId)), { contentType, bytes });
      // On a web conversation the file carries its visitor's key: they may read it, and their erasure removes it.
      const owner = (await db('channels_web_conversations')
        .where({ tenant_id: tenantId, conversation_id: conv.id })
        .first('visitor_key')) as { visitor_key: string } | undefined;
      const a = await saveAttachment(db, store, {
        tenantId,
        visitorKey: owner?.visitor_key ?? '',
        name,
        contentType,
        bytes,
        conversationId: conv.id,
        uploadedBy: http.state.user?.id,
      });
      http.status = 201;
      return { id: a.id, name: a.name, contentType: a.contentType, size: a.size, url: agentAttachmentUrl(a.id) };
    },
  });

  routes.get('/attachments/:id', {
    auth: 'agent',
    summary: 'An attachment of the tenant (uploaded by a visitor or an agent)',
    tags: ['channels'],
    produces: 'application/octet-stream',
    schema: { params: ID_PARAMS },
    handler: async (http) => {
      const a = await findAttachment(db, http.state.tenantId!, http.params.id!);
      if (!a) throw NotFound('No such attachment.');
      await sendAttachment(http, store, a);
    },
  });
}

/**
 * The bytes of an attachment: images inline, everything else as a download, never sniffed into
 * another type, and kept out of shared caches.
 */
export async function sendAttachment(
  http: HttpContext,
  store: AttachmentStore,
  a: { storageKey: string; contentType: string; name: string },
): Promise<void> {
  const bytes = await store.get(a.storageKey);
  if (!bytes) throw NotFound('The attachment file is missing.');
  http.type = a.contentType;
  const ascii = a.name.replace(/[^\w.-]/g, '_');
  const disposition = a.contentType.startsWith('image/') ? 'inline' : 'attachment';
  http.set('Content-Disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.name)}`);
  http.set('X-Content-Type-Options', 'nosniff');
  http.set('Cache-Control', 'private, max-age=300');
  http.body = bytes;
}
