import type { Knex } from 'knex';
import type {
  ChannelEvent,
  ChannelReply,
  ChannelRequest,
  ChannelWebhookResult,
  HttpContext,
  PluginBus,
  PluginChannelAdapters,
  PluginRateLimits,
  PluginRoutes,
} from '@bacon/sdk';
import type { InboxApi } from '@bacon/inbox-contract';
import { ChannelErrors } from './errors.js';
import { ingestChannelEvents } from './channel-ingest.js';
import type { ChannelMetrics } from './channel-metrics.js';
import { decideWebhookIp } from './webhook-ip-rules.js';

export const WEBHOOK_RATE = 'channels.webhook';

export interface WebhookRouteDeps {
  db: Knex;
  bus: Pick<PluginBus, 'publish'>;
  inbox: Pick<InboxApi, 'ingestInbound' | 'findConversationByExternalId'>;
  adapters: PluginChannelAdapters;
  limits: PluginRateLimits;
  metrics: ChannelMetrics;
  /** Webhooks processed at once on this host; past it the answer is 503 with Retry-After. */
  maxInFlight: number;
  /** Seconds a provider is told to wait when refused for load. */
  retryAfterSeconds: number;
  /** The tenant's allow-list of webhook source addresses for a channel plugin (undefined: any address). */
  allowListOf: (tenantId: string, pluginId: string) => Promise<string[] | undefined>;
}

const params = {
  type: 'object',
  required: ['pluginId', 'tenantId'],
  properties: {
    pluginId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    tenantId: { type: 'string', format: 'uuid' },
  },
} as const;

/** The request as the adapter sees it: raw body, lower-case headers, and the URL the provider called. */
function channelRequest(http: HttpContext, method: 'GET' | 'POST'): ChannelRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(http.request.headers))
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(http.query)) query[k] = Array.isArray(v) ? String(v[0]) : String(v ?? '');
  // Behind a proxy the provider called the proxy's address: it forwards Host and X-Forwarded-Proto.
  const proto = (headers['x-forwarded-proto'] ?? 'http').split(',')[0]!.trim();
  const search = new URLSearchParams(query).toString();
  return {
    method,
    url: `${proto}://${headers.host ?? 'localhost'}${http.path}${search ? `?${search}` : ''}`,
    headers,
    query,
    body: method === 'POST' ? (http.request.rawBody?.toString('utf8') ?? '') : '',
  };
}

function answer(http: HttpContext, reply: ChannelReply | undefined, fallback: unknown): unknown {
  if (!reply) return fallback;
  http.status = reply.status ?? 200;
  if (reply.body === undefined) return fallback;
  http.type = reply.contentType ?? 'text/plain';
  return reply.body;
}

function isResult(v: unknown): v is ChannelWebhookResult {
  return !!v && typeof v === 'object' && Array.isArray((v as ChannelWebhookResult).events);
}

/**
 * `POST /api/v1/channels/:pluginId/webhook/:tenantId` (and `GET` for verification handshakes): the
 * routing middleware in front of channel adapters. It finds the running channel plugin, bounds
 * the caller by the tenant's allow-list for that plugin (403 `channel_ip_refused`), bounds
 * the webhooks in flight (past the bound: 503 with Retry-After, so providers retry instead of the
 * host queueing), applies the per-(plugin, tenant) rate limit, has the adapter check the signature
 * against the raw body and parse it, and commits every event before it answers 2xx.
 */
export function registerChannelWebhookRoutes(routes: PluginRoutes, deps: WebhookRouteDeps): void {
  let inFlight = 0;
  const adapterOf = (pluginId: string) => {
    const info = deps.adapters.get(pluginId);
    if (!info) throw ChannelErrors.channelNotFound({ pluginId });
    return info;
  };

  routes.post('/:pluginId/webhook/:tenantId', {
    auth: 'public',
    summary: "A provider's webhook for a channel plugin: signature checked by the adapter, events stored before the answer",
    tags: ['channels'],
    rawBody: true,
    schema: { params, response: { 200: {}, 403: {}, 404: {}, 429: {}, 503: {} } },
    handler: async (http) => {
      const { pluginId, tenantId } = http.params as { pluginId: string; tenantId: string };
      const info = adapterOf(pluginId);
      if (!info.methods.includes('parseWebhook')) throw ChannelErrors.channelNotFound({ pluginId }, `${pluginId} receives no webhooks`);
      const labels = { channel: info.name };
      const ip = decideWebhookIp(String(http.state.clientIp ?? http.ip), await deps.allowListOf(tenantId, pluginId), info.webhookSources);
      if (!ip.ok) {
        deps.metrics.inbound.inc({ ...labels, outcome: 'ip_refused' });
        throw ChannelErrors.ipRefused({ pluginId, reason: ip.reason });
      }
      if (inFlight >= deps.maxInFlight) {
        deps.metrics.inbound.inc({ ...labels, outcome: 'overloaded' });
        http.status = 503;
        http.set('Retry-After', String(deps.retryAfterSeconds));
        return { error: ChannelErrors.overloaded({ retryAfterSeconds: deps.retryAfterSeconds }).toJSON() };
      }
      inFlight++;
      deps.metrics.inFlight.inc(labels);
      const end = deps.metrics.webhookDuration.startTimer(labels);
      try {
        await deps.limits.consume(WEBHOOK_RATE, `${pluginId}:${tenantId}`);
        const request = channelRequest(http, 'POST');
        // An adapter without a signature check accepts nothing: every webhook is refused.
        const valid =
          info.methods.includes('verifyWebhook') && (await deps.adapters.call<boolean>(pluginId, 'verifyWebhook', request, tenantId));
        if (valid !== true) {
          deps.metrics.inbound.inc({ ...labels, outcome: 'refused' });
          throw ChannelErrors.signatureInvalid({ pluginId });
        }
        const result = await deps.adapters.call<ChannelWebhookResult>(pluginId, 'parseWebhook', request, tenantId);
        const events: ChannelEvent[] = isResult(result) ? result.events : [];
        const counts = await ingestChannelEvents(deps, { tenantId, pluginId, channel: info.name }, events);
        if (counts.messages) deps.metrics.inbound.inc({ ...labels, outcome: 'message' }, counts.messages);
        if (counts.duplicates) deps.metrics.inbound.inc({ ...labels, outcome: 'duplicate' }, counts.duplicates);
        if (counts.statuses) deps.metrics.inbound.inc({ ...labels, outcome: 'status' }, counts.statuses);
        return answer(http, isResult(result) ? result.reply : undefined, { received: counts });
      } catch (err) {
        if ((err as { code?: string }).code !== 'channel_signature_invalid') deps.metrics.inbound.inc({ ...labels, outcome: 'failed' });
        throw err;
      } finally {
        inFlight--;
        deps.metrics.inFlight.dec(labels);
        end();
      }
    },
  });

  routes.get('/:pluginId/webhook/:tenantId', {
    auth: 'public',
    summary: "A provider's verification handshake for a channel plugin (Meta's hub.challenge)",
    tags: ['channels'],
    schema: { params, response: { 200: {}, 403: {}, 404: {} } },
    handler: async (http) => {
      const { pluginId, tenantId } = http.params as { pluginId: string; tenantId: string };
      const info = adapterOf(pluginId);
      if (!info.methods.includes('handshake')) throw ChannelErrors.handshakeUnsupported({ pluginId });
      if (!decideWebhookIp(String(http.state.clientIp ?? http.ip), await deps.allowListOf(tenantId, pluginId), info.webhookSources).ok)
        throw ChannelErrors.ipRefused({ pluginId, reason: 'not_allowed' });
      await deps.limits.consume(WEBHOOK_RATE, `${pluginId}:${tenantId}`);
      const reply = await deps.adapters.call<ChannelReply>(pluginId, 'handshake', channelRequest(http, 'GET'), tenantId);
      return answer(http, reply && typeof reply === 'object' ? reply : undefined, {});
    },
  });
}
