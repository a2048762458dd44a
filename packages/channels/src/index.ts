import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { NotFound, definePlugin, type PluginDefinition, type RealtimeEnvelope, type RealtimePrincipal } from '@bacon/sdk';
import type { InboxPort } from './inbox-port.js';
import { agentMessageEvent, conversationRoom, projectForWidget, widgetMessageEvent, type ShowComponents } from './public-message.js';
import { markVisitorRead, visitorKey, visitorOwns } from './visitor-conversations.js';
import { ATTACHMENT_TYPES, localDiskStore, type AttachmentStore } from './attachments.js';
import { MESSAGE_RATE, registerWidgetRoutes } from './widget-routes.js';
import { registerAgentAttachmentRoutes } from './agent-attachment-routes.js';
import { noteAttachmentResolver } from './note-attachment-resolver.js';
import { readSiteSettings, registerSiteSettingsRoutes, widgetView } from './site-settings.js';
import { registerReceiptRoutes } from './agent-receipts.js';
import { registerWidgetAgentRoutes } from './widget-agent-routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { OFFLINE_EMAIL_QUEUE, queueOfflineEmail, registerTranscriptRoute, sendOfflineEmail } from './offline-email.js';
import { webChannel, WEB_COMPONENTS } from './web-adapter.js';
import { PAGE_RATE, registerPageViewRoutes } from './page-view-routes.js';
import { createChannelMetrics } from './channel-metrics.js';
import { registerChannelWebhookRoutes, WEBHOOK_RATE } from './channel-webhook-routes.js';
import { registerDeliveryRoutes } from './channel-delivery-routes.js';
import { registerWindowRoutes } from './channel-window-routes.js';
import { replyWindowCheck } from './reply-window-check.js';
import { webhookAllowLists, webhookIpAllowSchema } from './webhook-ip-rules.js';
import { channelSender, type SenderOptions } from './channel-sender.js';
import { channelPoller, type PollerOptions } from './channel-poller.js';
import { attachmentsRetention, channelsPersonalData } from './channels-personal-data.js';

export { webChannel, WEB_COMPONENTS } from './web-adapter.js';
export { PAGE_VIEWED, type PageView, type PageViewedPayload } from './page-view-routes.js';
export { conversationRoom, projectForWidget, publicMessage } from './public-message.js';
export type { PublicMessage } from './public-message.js';
export { localDiskStore } from './attachments.js';
export type { AttachmentStore } from './attachments.js';

export interface ChannelsOptions {
  /** Where attachments go (default: the `attachmentsDir` setting, else `.bacon/data/attachments`). */
  attachments?: AttachmentStore;
  /** Messages one visitor may send, default 60 per 60 s. */
  messageRate?: { points: number; duration: number };
  /** Page events one visitor may report, default 30 per 60 s. */
  pageRate?: { points: number; duration: number };
  /** Provider webhooks: at most `maxInFlight` processed at once per host (default 256), then 503 + Retry-After. */
  webhooks?: {
    maxInFlight?: number;
    retryAfterSeconds?: number;
    rate?: { points: number; duration: number };
    /** How long a tenant's webhook allow-lists are cached (default 2000 ms). */
    allowListTtlMs?: number;
  };
  /** Retries of outbound sends through channel adapters. */
  sender?: SenderOptions;
  /** Channels that poll their provider instead of receiving webhooks (`poll` adapters). */
  polling?: PollerOptions & { enabled?: boolean };
}

const ID = /^[0-9a-f-]{36}$/i;

/**
 * The first-party channels plugin: the `web` channel behind the site widget. It serves the widget
 * API under `/widget/v1` (public routes, its own rate limits), and tells the host's realtime module
 * about conversation rooms: who may follow one, where missed events come from (the inbox's
 * messages), which inbox topics go to them and what a widget may see.
 */
export function channelsPlugin(opts: ChannelsOptions = {}): PluginDefinition {
  let poller: ReturnType<typeof channelPoller> | undefined;
  return definePlugin({
    id: 'channels',
    version: '0.1.0',
    title: 'Channels',
    description: 'The web channel: the embeddable site widget and its realtime delivery.',
    engines: { sdk: '^1' },
    dependencies: { inbox: '*' },
    services: [
      'realtime',
      'rateLimits',
      'publicRoutes',
      'visitorSessions',
      'channelAdapters',
      'personalData',
      'directory',
      'messageComponents',
      'mailer',
    ],
    migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
    channel: webChannel,
    settings: {
      schema: {
        type: 'object',
        properties: {
          attachmentsDir: {
            type: 'string',
            title: 'Attachments folder',
            description: 'Local folder for visitor uploads (default .bacon/data/attachments).',
          },
          webhookIpAllow: webhookIpAllowSchema,
          offlineEmailDelaySeconds: {
            type: 'integer',
            minimum: 0,
            maximum: 86400,
            default: 120,
            title: 'Email unseen replies after (seconds)',
            description:
              "With an SMTP server (BACON_SMTP_URL), the team's replies a web visitor has not seen after this long are emailed to the contact's address, with a link to the conversation.",
          },
          maxAttachmentBytes: {
            type: 'integer',
            minimum: 1024,
            maximum: 10485760,
            default: 716800,
            title: 'Largest upload, in bytes',
            description: 'Also bounded by the host body limit (BACON_BODY_LIMIT; a visitor upload is base64, a third larger).',
          },
          attachmentTypes: {
            type: 'array',
            title: 'Allowed file types',
            uniqueItems: true,
            items: { type: 'string', enum: ATTACHMENT_TYPES },
            default: ATTACHMENT_TYPES,
          },
          widget: {
            type: 'object',
            title: 'Widget appearance',
            properties: {
              title: { type: 'string', maxLength: 80, default: 'Chat with us' },
              greeting: { type: 'string', maxLength: 300, default: 'Hi! How can we help?' },
              color: {
                type: 'string',
                pattern: '^#[0-9a-fA-F]{6}$',
                default: '#b3261e',
                description: 'Accent colour (keep white text readable on it).',
              },
              position: { type: 'string', enum: ['right', 'left'], default: 'right' },
            },
          },
        },
      },
    },
    async init(ctx) {
      const realtime = ctx.services.realtime;
      const inbox = ctx.use<InboxPort>('inbox');
      // What the widget shows of a message's components: the built-in types, the others as their text.
      const components = ctx.services.messageComponents;
      const show: ShowComponents = (list) => components.degrade(list, { name: 'web', supports: WEB_COMPONENTS });
      const toWidget = (e: RealtimeEnvelope) => projectForWidget(e, show);
      const store = opts.attachments ?? localDiskStore(path.resolve(String(ctx.settings.attachmentsDir ?? '.bacon/data/attachments')));
      ctx.services.personalData.register(channelsPersonalData(ctx.db, store));
      ctx.services.personalData.addRetentionTarget(attachmentsRetention(ctx.db, store));

      // A conversation is a room: agents of its tenant and the visitor who owns it may follow it.
      realtime.roomKind('conversation', {
        authorize: async (who: RealtimePrincipal, conversationId) => {
          if (!ID.test(conversationId)) return false;
          if (who.kind === 'agent') return !!(await inbox.getConversation(who.tenantId, conversationId));
          return visitorOwns(ctx.db, who.tenantId, conversationId, visitorKey({ id: who.visitorId, identity: who.identity }));
        },
      });
      realtime.addCatchUpSource('conversation', async ({ tenantId, room, id, afterSeq, audience, limit }) => {
        // Missed events come from the durable log (messages, notes, transitions...), projected per
        // audience like live ones. Where the log does not reach back to `afterSeq` (pruned, or written
        // before the log existed), the messages themselves are the catch-up, as before.
        // A widget sees only some events: read further, and trust the log only when its answer is complete.
        const want = audience === 'widget' ? limit * 4 : limit;
        const logged = await ctx.events.read({ tenantId, key: id, afterSeq, limit: want });
        if (logged.length && (logged[0]!.seq ?? 0) <= afterSeq + 1) {
          const envelopes = logged.map((e) => ({ topic: e.topic, tenantId, room, seq: e.seq ?? undefined, payload: e.payload, at: e.at }));
          if (audience === 'agent') return envelopes;
          const shown = envelopes.flatMap((e) => toWidget(e) ?? []);
          if (shown.length >= limit || logged.length < want) return shown;
        }
        const rows = await inbox.listMessagesSince(tenantId, id, afterSeq, limit);
        return rows.map((m) => (audience === 'widget' ? widgetMessageEvent(tenantId, m, undefined, show) : agentMessageEvent(tenantId, m)));
      });
      // The inbox's events go to agents of the tenant and to their conversation's room.
      const toConversation = (event: { payload: unknown }) => {
        const cid = (event.payload as { conversationId?: unknown } | undefined)?.conversationId;
        return { room: typeof cid === 'string' ? conversationRoom(cid) : undefined };
      };
      for (const pattern of ['conversation.*', 'message.*', 'note.*', 'channel.delivery.*']) realtime.forward(pattern, toConversation);
      realtime.project('widget', '', toWidget);
      realtime.onWidget('read', async (who, data) => {
        if (who.kind !== 'visitor') return undefined;
        await markVisitorRead(
          ctx.db,
          who.tenantId,
          String(data.roomId),
          visitorKey({ id: who.visitorId, identity: who.identity }),
          Number(data.seq),
        );
        return undefined;
      });

      // The widget API: public routes under /widget/v1, rate limited per site, IP and visitor.
      const limits = ctx.services.rateLimits;
      limits.define(MESSAGE_RATE, opts.messageRate ?? { points: 60, duration: 60 });
      const widgetRoutes = ctx.services.publicRoutes.scope('/widget/v1', 'channels', { crossOrigin: 'site-keys' });
      registerSessionRoutes(widgetRoutes, { sessions: ctx.services.visitorSessions, limits });
      limits.define(PAGE_RATE, opts.pageRate ?? { points: 30, duration: 60 });
      registerPageViewRoutes(widgetRoutes, { db: ctx.db, events: ctx.events, limits });
      registerWidgetRoutes(widgetRoutes, {
        db: ctx.db,
        inbox,
        realtime,
        limits,
        store,
        settingsFor: (tenantId) => ctx.settingsFor(tenantId),
        show,
      });
      widgetRoutes.get('/appearance', {
        auth: 'visitor',
        summary: "The widget's settings for its site key: appearance, office hours, pre-chat form, upload limits",
        tags: ['widget'],
        schema: { response: { 200: { type: 'object', required: ['title', 'greeting', 'color', 'position'] } } },
        handler: async (http) => {
          const v = http.state.visitor!;
          const site = await readSiteSettings(ctx.db, v.tenantId, v.siteKey);
          return widgetView(await ctx.settingsFor(v.tenantId), site, new Date(), await inbox.anyAgentAvailable(v.tenantId));
        },
      });
      registerWidgetAgentRoutes(widgetRoutes, ctx.services.directory);
      // Replies a visitor has not seen, emailed with a transcript link (only with an SMTP server).
      const offline = {
        db: ctx.db,
        inbox,
        jobs: ctx.jobs,
        mailer: ctx.services.mailer,
        log: ctx.log,
        settingsFor: (tenantId: string) => ctx.settingsFor(tenantId),
        get publicUrl() {
          return ctx.services.mailer.publicUrl;
        },
      };
      registerTranscriptRoute(widgetRoutes, offline);
      // Without an SMTP server there is nothing to send: no consumer, no worker, no cost per message.
      if (ctx.services.mailer.configured) {
        await ctx.jobs.work<{ tenantId: string; conversationId: string }>(OFFLINE_EMAIL_QUEUE, (job) =>
          sendOfflineEmail(offline, job.data),
        );
        await ctx.events.consume('offline-email', 'message.created', queueOfflineEmail(offline), { concurrency: 4, from: 'now' });
      }
      registerSiteSettingsRoutes(ctx.routes, { db: ctx.db, settingsFor: (tenantId) => ctx.settingsFor(tenantId) });
      registerReceiptRoutes(ctx.routes, { db: ctx.db, inbox, realtime });
      registerAgentAttachmentRoutes(ctx.routes, { db: ctx.db, inbox, store, settingsFor: (tenantId) => ctx.settingsFor(tenantId) });

      // Provider channels (plugins offering a ChannelAdapter): webhooks in, the sender out.
      const adapters = ctx.services.channelAdapters;
      const metrics = createChannelMetrics(ctx.metrics);
      limits.define(WEBHOOK_RATE, opts.webhooks?.rate ?? { points: 6000, duration: 60 });
      registerChannelWebhookRoutes(ctx.routes, {
        db: ctx.db,
        bus: ctx.bus,
        inbox,
        adapters,
        limits,
        metrics,
        maxInFlight: opts.webhooks?.maxInFlight ?? 256,
        retryAfterSeconds: opts.webhooks?.retryAfterSeconds ?? 5,
        allowListOf: webhookAllowLists((tenantId) => ctx.settingsFor(tenantId), opts.webhooks?.allowListTtlMs),
      });
      registerDeliveryRoutes(ctx.routes, { db: ctx.db, inbox });
      registerWindowRoutes(ctx.routes, { db: ctx.db, inbox, adapters });
      inbox.outboundChecks.register(replyWindowCheck({ db: ctx.db, adapters }));
      inbox.noteAttachments.register(noteAttachmentResolver(ctx.db));
      if (opts.sender?.enabled !== false)
        await ctx.events.consume(
          'channel-sender',
          'message.created',
          channelSender({ db: ctx.db, bus: ctx.bus, inbox, adapters, components, metrics, log: ctx.log, selfId: ctx.id }, opts.sender),
          { concurrency: 16 },
        );
      if (opts.polling?.enabled !== false) {
        poller = channelPoller({ db: ctx.db, bus: ctx.bus, inbox, adapters, jobs: ctx.jobs, metrics, log: ctx.log }, opts.polling);
        await poller.start();
      }
      return {};
    },
    shutdown() {
      poller?.stop();
    },
  });
}

export default channelsPlugin();
