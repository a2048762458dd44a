import type { Knex } from 'knex';
import {
  Invalid,
  NotFound,
  type AuthVisitor,
  type HttpContext,
  type PluginRateLimits,
  type PluginRealtime,
  type PluginRoutes,
} from '@bacon/sdk';
import type { InboxPort } from './inbox-port.js';
import { conversationRoom, publicMessage, type ShowComponents } from './public-message.js';
import { webChannel, type WidgetInbound } from './web-adapter.js';
import { listVisitorConversations, markVisitorRead, recordVisitorConversation, visitorKey, visitorOwns } from './visitor-conversations.js';
import { ATTACHMENT_TYPES, findAttachment, saveAttachment, type AttachmentStore } from './attachments.js';
import { attachmentLimits, checkAttachment, checkAttachmentName } from './attachment-limits.js';
import { sendAttachment } from './agent-attachment-routes.js';
import { OwnedConversations } from './owned-conversations.js';
import { agentReceipts } from './agent-receipts.js';
import { readSiteSettings, widgetView } from './site-settings.js';
import { ChannelErrors } from './errors.js';

export interface WidgetRouteDeps {
  db: Knex;
  inbox: InboxPort;
  realtime: PluginRealtime;
  limits: PluginRateLimits;
  store: AttachmentStore;
  /** The tenant's merged channels settings (attachment limits). */
  settingsFor(tenantId: string): Promise<Record<string, unknown>>;
  /** What the widget shows of a message's components (plugin types it cannot render become text). */
  show?: ShowComponents;
}

/** The channels plugin's own rate rule: messages (and uploads) per visitor. */
export const MESSAGE_RATE = 'channels.message';

const UUID = { type: 'string', format: 'uuid' };
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: UUID } };
const TEXT = { type: 'string', minLength: 1, maxLength: 5000, pattern: '\\S' };
const CLIENT_ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' };
const PAGE = {
  type: 'object',
  additionalProperties: false,
  properties: {
    url: { type: 'string', maxLength: 2000 },
    title: { type: 'string', maxLength: 500 },
    referrer: { type: 'string', maxLength: 2000 },
  },
};
const ATTRIBUTES = { type: 'object', maxProperties: 50, additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } };
const CONTACT = {
  type: 'object',
  additionalProperties: false,
  properties: { name: { type: 'string', maxLength: 200 }, email: { type: 'string', format: 'email', maxLength: 320 } },
};
const REPLY = {
  type: 'object',
  required: ['value'],
  additionalProperties: false,
  properties: { value: { type: 'string', minLength: 1, maxLength: 500 }, label: { type: 'string', maxLength: 500 } },
};
const MESSAGE_BODY = {
  type: 'object',
  required: ['text', 'clientMessageId'],
  additionalProperties: false,
  properties: {
    text: TEXT,
    clientMessageId: CLIENT_ID,
    reply: REPLY,
    attachmentIds: { type: 'array', maxItems: 5, items: UUID },
    page: PAGE,
    attributes: ATTRIBUTES,
    contact: CONTACT,
  },
};
const PUBLIC_MESSAGE = { type: 'object', required: ['id', 'seq', 'author', 'text', 'createdAt'] };
const CONVERSATION = {
  type: 'object',
  required: ['id', 'state', 'lastSeq'],
  properties: { id: UUID, state: { type: 'string' }, lastSeq: { type: 'integer' } },
};

type MessageBody = {
  text: string;
  clientMessageId: string;
  reply?: { value: string; label?: string };
  attachmentIds?: string[];
  page?: WidgetInbound['page'];
  attributes?: Record<string, unknown>;
  contact?: WidgetInbound['contact'];
};

const visitorOf = (ctx: HttpContext): AuthVisitor => ctx.state.visitor!;
const bodyOf = <T>(ctx: HttpContext) => ctx.request.body as T;

/**
 * The widget's API under `/widget/v1` (visitor token routes; the host's session routes issue the
 * token). Messages are acknowledged once committed: the 201 carries the stored message and its
 * sequence number.
 */
export function registerWidgetRoutes(routes: PluginRoutes, deps: WidgetRouteDeps): void {
  const { db, inbox, realtime, limits } = deps;
  const owned = new OwnedConversations();

  async function ownedConversation(ctx: HttpContext) {
    const v = visitorOf(ctx);
    const conv = await inbox.getConversation(v.tenantId, ctx.params.id!);
    if (!conv || !(await visitorOwns(db, v.tenantId, conv.id, visitorKey(v))))
      throw NotFound('No such conversation.', { id: ctx.params.id });
    return conv;
  }

  async function attachmentsFor(ctx: HttpContext, ids: string[] | undefined) {
    if (!ids?.length) return undefined;
    const v = visitorOf(ctx);
    const out = [];
    for (const id of ids) {
      const a = await findAttachment(db, v.tenantId, id);
      if (!a || a.uploadedBy || a.visitorKey !== visitorKey(v)) throw Invalid('Unknown attachment.', { field: 'attachmentIds', id });
      out.push({ name: a.name, contentType: a.contentType, size: a.size, url: `/widget/v1/attachments/${a.id}` });
    }
    return out;
  }

  async function ingest(ctx: HttpContext, conversationKey: string, b: MessageBody) {
    const v = visitorOf(ctx);
    const inbound: WidgetInbound = {
      visitorKey: visitorKey(v),
      conversationKey,
      clientMessageId: b.clientMessageId,
      text: b.text,
      reply: b.reply,
      attachments: await attachmentsFor(ctx, b.attachmentIds),
      contact: b.contact,
      page: b.page,
      attributes: b.attributes,
    };
    const [message] = await webChannel.parseInbound!(inbound, {});
    // The site key rides with the message (metadata.siteKey): analytics groups by it and picks its survey.
    return inbox.ingestInbound(v.tenantId, { ...message!, channel: 'web', metadata: { ...message!.metadata, siteKey: v.siteKey } });
  }

  routes.get('/conversations', {
    auth: 'visitor',
    summary: "The visitor's conversations, newest first",
    tags: ['widget'],
    schema: {
      response: {
        200: { type: 'object', required: ['conversations'], properties: { conversations: { type: 'array', items: CONVERSATION } } },
      },
    },
    handler: async (ctx) => {
      const v = visitorOf(ctx);
      const mine = await listVisitorConversations(db, v.tenantId, visitorKey(v));
      const conversations = [];
      for (const m of mine) {
        const c = await inbox.getConversation(v.tenantId, m.conversationId);
        if (c)
          conversations.push({ id: c.id, state: c.state, lastSeq: c.lastSeq, visitorReadSeq: m.visitorReadSeq, createdAt: m.createdAt });
      }
      return { conversations };
    },
  });

  routes.post('/conversations', {
    auth: 'visitor',
    summary: 'Start a conversation with its first message',
    tags: ['widget'],
    schema: {
      body: MESSAGE_BODY,
      response: {
        201: { type: 'object', required: ['conversation', 'message'], properties: { conversation: CONVERSATION, message: PUBLIC_MESSAGE } },
      },
    },
    handler: async (ctx) => {
      const v = visitorOf(ctx);
      const ip = String(ctx.state.clientIp ?? ctx.ip);
      await limits.consume('widgetIp', `${v.siteKey}:${ip}`);
      await limits.consume('widgetSite', v.siteKey);
      const b = bodyOf<MessageBody>(ctx);
      // The site's pre-chat form: required fields must come with the first message; out of hours, an email too.
      const view = widgetView(
        await deps.settingsFor(v.tenantId),
        await readSiteSettings(db, v.tenantId, v.siteKey),
        new Date(),
        await inbox.anyAgentAvailable(v.tenantId),
      );
      const missing = [
        ...(view.preChat.name === 'required' && !b.contact?.name?.trim() ? ['contact.name'] : []),
        ...((view.preChat.email === 'required' || !view.open) && !b.contact?.email ? ['contact.email'] : []),
      ];
      if (missing.length) throw ChannelErrors.preChatMissing({ fields: missing, open: view.open });
      // One conversation per start; a retried start (same client message id) finds the first one.
      const key = `${visitorKey(v)}:${b.clientMessageId}`;
      const result = await ingest(ctx, key, b);
      await recordVisitorConversation(db, v.tenantId, result.conversation.id, visitorKey(v));
      ctx.status = 201;
      const c = result.conversation;
      return { conversation: { id: c.id, state: c.state, lastSeq: c.lastSeq }, message: publicMessage(result.message, deps.show) };
    },
  });

  routes.get('/conversations/:id/messages', {
    auth: 'visitor',
    summary: 'Transcript after a sequence number, oldest first',
    tags: ['widget'],
    schema: {
      params: ID_PARAMS,
      query: {
        type: 'object',
        additionalProperties: false,
        properties: {
          afterSeq: { type: 'integer', minimum: 0, default: 0 },
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 100 },
        },
      },
      response: {
        200: {
          type: 'object',
          required: ['messages', 'more'],
          properties: { messages: { type: 'array', items: PUBLIC_MESSAGE }, more: { type: 'boolean' } },
        },
      },
    },
    handler: async (ctx) => {
      const conv = await ownedConversation(ctx);
      const q = ctx.state.query as { afterSeq: number; limit: number };
      const rows = await inbox.listMessagesSince(conv.tenantId, conv.id, q.afterSeq, q.limit + 1);
      return {
        messages: rows.slice(0, q.limit).map((m) => publicMessage(m, deps.show)),
        more: rows.length > q.limit,
        state: conv.state,
        receipts: await agentReceipts(db, conv.tenantId, conv.id),
      };
    },
  });

  routes.post('/conversations/:id/messages', {
    auth: 'visitor',
    summary: 'Send a message; answered once it is committed',
    tags: ['widget'],
    schema: {
      params: ID_PARAMS,
      body: MESSAGE_BODY,
      response: { 201: { type: 'object', required: ['message'], properties: { message: PUBLIC_MESSAGE } } },
    },
    handler: async (ctx) => {
      const v = visitorOf(ctx);
      await limits.consume(MESSAGE_RATE, visitorKey(v));
      // The ownership check is remembered (see OwnedConversations): the common case asks the database once.
      let threadKey = owned.get(v.tenantId, visitorKey(v), ctx.params.id!);
      if (!threadKey) {
        const conv = await ownedConversation(ctx);
        threadKey = conv.externalId ?? conv.id;
      }
      const result = await ingest(ctx, threadKey, bodyOf<MessageBody>(ctx));
      if (result.conversation.id === ctx.params.id) owned.set(v.tenantId, visitorKey(v), result.conversation.id, threadKey);
      ctx.status = 201;
      return { message: publicMessage(result.message, deps.show) };
    },
  });

  routes.post('/conversations/:id/read', {
    auth: 'visitor',
    summary: 'Read receipt: the visitor has seen messages up to `seq`',
    tags: ['widget'],
    schema: {
      params: ID_PARAMS,
      body: { type: 'object', required: ['seq'], additionalProperties: false, properties: { seq: { type: 'integer', minimum: 0 } } },
    },
    handler: async (ctx) => {
      const conv = await ownedConversation(ctx);
      const v = visitorOf(ctx);
      const seq = Math.min(bodyOf<{ seq: number }>(ctx).seq, conv.lastSeq);
      await markVisitorRead(db, v.tenantId, conv.id, visitorKey(v), seq);
      realtime.emitEphemeral(
        { topic: 'conversation.read', tenantId: v.tenantId, room: conversationRoom(conv.id), payload: { seq, by: { kind: 'visitor' } } },
        { agents: true },
      );
      ctx.status = 204;
    },
  });

  routes.post('/attachments', {
    auth: 'visitor',
    summary: 'Upload an attachment (base64); reference it by id in a message',
    tags: ['widget'],
    schema: {
      body: {
        type: 'object',
        required: ['name', 'contentType', 'data'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200, title: 'File name' },
          contentType: { type: 'string', enum: ATTACHMENT_TYPES, title: 'File type' },
          data: { type: 'string', minLength: 1, contentEncoding: 'base64' },
        },
      },
      response: { 201: { type: 'object', required: ['id', 'name', 'contentType', 'size'] } },
    },
    handler: async (ctx) => {
      const v = visitorOf(ctx);
      await limits.consume(MESSAGE_RATE, visitorKey(v));
      const b = bodyOf<{ name: string; contentType: string; data: string }>(ctx);
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b.data)) throw Invalid('The attachment is not base64.', { field: 'data' });
      const name = checkAttachmentName(b.name);
      const bytes = Buffer.from(b.data, 'base64');
      checkAttachment(attachmentLimits(await deps.settingsFor(v.tenantId)), { contentType: b.contentType, bytes });
      const a = await saveAttachment(db, deps.store, {
        tenantId: v.tenantId,
        visitorKey: visitorKey(v),
        name,
        contentType: b.contentType,
        bytes,
      });
      ctx.status = 201;
      return { id: a.id, name: a.name, contentType: a.contentType, size: a.size };
    },
  });

  routes.get('/attachments/:id', {
    auth: 'visitor',
    summary: "One of the visitor's attachments, or a file an agent sent in the visitor's conversation",
    tags: ['widget'],
    produces: 'application/octet-stream',
    schema: { params: ID_PARAMS },
    handler: async (ctx) => {
      const v = visitorOf(ctx);
      const a = await findAttachment(db, v.tenantId, ctx.params.id!);
      // A note's file is the agents' alone, even in the visitor's own conversation.
      const mine =
        !!a &&
        !a.internal &&
        (a.visitorKey === visitorKey(v) || (!!a.conversationId && (await visitorOwns(db, v.tenantId, a.conversationId, visitorKey(v)))));
      if (!a || !mine) throw NotFound('No such attachment.');
      await sendAttachment(ctx, deps.store, a);
    },
  });
}
