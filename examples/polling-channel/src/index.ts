import { definePlugin, type ActionContext, type ChannelEvent } from '@bacon/sdk';
import { ParleyErrors } from './errors.js';

const API = 'https://api.parley-chat.example/v1';

/** A message as Parley's `GET /v1/messages` lists it. */
interface ParleyMessage {
  id: string;
  conversation: string;
  from: { id: string; name?: string };
  text: string;
  sent_at: string;
}

async function call(ctx: ActionContext, method: 'GET' | 'POST', path: string, body?: unknown) {
  const token = await ctx.secrets.get('apiToken');
  if (!token) throw ParleyErrors.notConfigured();
  const r = await ctx.http.fetch(`${API}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (r.status === 429) throw ParleyErrors.rateLimited({ retryAfterSeconds: Number(r.headers['retry-after'] ?? 5) || 5 });
  if (r.status >= 500) throw ParleyErrors.unavailable({ status: r.status });
  if (r.status >= 400) throw ParleyErrors.rejected({ status: r.status }, `Parley answered ${r.status}.`);
  return r.json() as Record<string, unknown>;
}

/**
 * Parley, a fictional chat service with no webhooks: the example of a polling channel. The host
 * calls `poll` with the cursor it kept from the last poll; the adapter answers the messages after
 * it and the next cursor. Replies go out through `POST /v1/messages`.
 */
export default definePlugin({
  id: 'parley',
  version: '0.1.0',
  title: 'Parley (polling example)',
  description: 'Conversations from the Parley chat API, read by polling.',
  engines: { sdk: '^1' },
  capabilities: [{ name: 'http', hosts: ['api.parley-chat.example'] }, { name: 'secrets' }],
  settings: {
    schema: {
      type: 'object',
      properties: { apiToken: { type: 'string', title: 'API token', writeOnly: true, 'x-secret': true } },
    },
  },
  channel: {
    name: 'parley',
    supports: ['text'],
    pollIntervalSeconds: 30,
    async poll({ cursor }, ctx) {
      const page = await call(ctx, 'GET', `/messages?limit=50${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`);
      const messages = (Array.isArray(page.messages) ? page.messages : []) as ParleyMessage[];
      const events: ChannelEvent[] = messages.map((m) => ({
        type: 'message',
        message: {
          externalConversationId: m.conversation,
          externalMessageId: m.id,
          contact: { externalId: m.from.id, ...(m.from.name ? { name: m.from.name } : {}) },
          text: m.text,
          sentAt: m.sent_at,
        },
      }));
      // No new page: keep the cursor we had (never move it back to the start).
      return { events, cursor: typeof page.next_cursor === 'string' ? page.next_cursor : cursor };
    },
    async send(message, ctx) {
      const r = await call(ctx, 'POST', '/messages', {
        conversation: message.externalConversationId,
        text: message.text,
        client_ref: message.messageId,
      });
      return { externalMessageId: String(r.id) };
    },
  },
});
