import { Forbidden, definePlugin, type ChannelEvent, type InboundMessage } from '@bacon/sdk';
import { markSeen, messengerWindow, sendMessenger } from './send-messenger.js';

interface Messaging {
  sender: { id: string };
  recipient: { id: string };
  timestamp?: number;
  message?: {
    mid: string;
    text?: string;
    is_echo?: boolean;
    quick_reply?: { payload: string };
    attachments?: { type: string; payload?: { url?: string; coordinates?: { lat: number; long: number }; title?: string } }[];
  };
  postback?: { mid?: string; title?: string; payload: string };
  delivery?: { mids?: string[]; watermark: number };
  read?: { watermark: number };
}

const watermark = (psid: string, status: 'delivered' | 'read', ms: number): ChannelEvent => ({
  type: 'watermark',
  externalConversationId: psid,
  status,
  at: new Date(ms).toISOString(),
});

function inbound(e: Messaging): InboundMessage | undefined {
  const at = e.timestamp ? new Date(e.timestamp).toISOString() : undefined;
  const base = { externalConversationId: e.sender.id, contact: { externalId: e.sender.id }, ...(at ? { sentAt: at } : {}) };
  if (e.message && !e.message.is_echo) {
    const m: InboundMessage = { ...base, externalMessageId: e.message.mid, text: e.message.text ?? '' };
    const files = (e.message.attachments ?? []).filter((a) => a.payload?.url);
    if (files.length) m.attachments = files.map((a, i) => ({ name: `${a.type}-${i}`, contentType: a.type, size: 0, url: a.payload!.url! }));
    const loc = e.message.attachments?.find((a) => a.type === 'location')?.payload;
    if (loc?.coordinates)
      m.location = { latitude: loc.coordinates.lat, longitude: loc.coordinates.long, ...(loc.title ? { name: loc.title } : {}) };
    if (e.message.quick_reply) m.reply = { value: e.message.quick_reply.payload, ...(e.message.text ? { label: e.message.text } : {}) };
    return m;
  }
  if (e.postback) {
    // A postback has no text of its own: the button's title is what the person chose.
    const id = e.postback.mid ?? `postback:${e.sender.id}:${e.timestamp ?? ''}:${e.postback.payload}`;
    return {
      ...base,
      externalMessageId: id,
      text: e.postback.title ?? e.postback.payload,
      reply: { value: e.postback.payload, label: e.postback.title },
    };
  }
  return undefined;
}

/**
 * A Facebook Page's Messenger conversations as a sandboxed channel: the webhook verification
 * handshake, `X-Hub-Signature-256` on every event, the Send API with text, quick replies and the
 * generic template, postbacks, delivery and read receipts (watermarks), `mark_seen`, and the
 * 24-hour standard messaging window (the HUMAN_AGENT tag extends it to 7 days when enabled).
 */
export default definePlugin({
  id: 'messenger',
  version: '0.1.0',
  title: 'Messenger',
  description: "A Facebook Page's Messenger conversations.",
  engines: { sdk: '^1' },
  egress: { regions: ['global'], note: "Meta's Graph API (graph.facebook.com); Meta does not offer a region choice." },
  capabilities: [{ name: 'http', hosts: ['graph.facebook.com'] }, { name: 'secrets' }],
  settings: {
    schema: {
      type: 'object',
      properties: {
        pageId: { type: 'string', pattern: '^[0-9]{1,32}$', title: 'Page id' },
        pageAccessToken: { type: 'string', title: 'Page access token', writeOnly: true, 'x-secret': true },
        appSecret: { type: 'string', title: 'App secret', writeOnly: true, 'x-secret': true },
        verifyToken: { type: 'string', minLength: 8, title: 'Verify token (you choose it; type the same in the Meta app)' },
        humanAgentTag: { type: 'boolean', default: false, title: 'Answer up to 7 days with the HUMAN_AGENT tag (needs the permission)' },
      },
    },
  },
  channel: {
    name: 'messenger',
    supports: ['text', 'quick_replies', 'card'],
    async verifyWebhook(request, ctx) {
      const secret = await ctx.secrets.get('appSecret');
      const header = request.headers['x-hub-signature-256'];
      if (!secret || !header) return false;
      return ctx.crypto.timingSafeEqual(`sha256=${await ctx.crypto.hmac('sha256', secret, request.body)}`, header);
    },
    handshake(request, ctx) {
      const q = request.query;
      const token = ctx.settings.verifyToken;
      if (q['hub.mode'] !== 'subscribe' || typeof token !== 'string' || q['hub.verify_token'] !== token)
        throw Forbidden('The verify token does not match.');
      return { status: 200, contentType: 'text/plain', body: q['hub.challenge'] ?? '' };
    },
    parseWebhook(request, ctx) {
      const body = JSON.parse(request.body) as { object?: string; entry?: { id: string; messaging?: Messaging[] }[] };
      const events: ChannelEvent[] = [];
      if (body.object !== 'page') return { events };
      for (const entry of body.entry ?? []) {
        if (ctx.settings.pageId && entry.id !== ctx.settings.pageId) continue;
        for (const e of entry.messaging ?? []) {
          if (e.delivery) {
            for (const mid of e.delivery.mids ?? []) events.push({ type: 'status', externalMessageId: mid, status: 'delivered' });
            // Everything sent before the watermark was delivered (`mids` is optional in Meta's payload).
            if (e.delivery.watermark) events.push(watermark(e.sender.id, 'delivered', e.delivery.watermark));
          }
          // A read receipt: every message sent before the watermark was seen.
          if (e.read?.watermark) events.push(watermark(e.sender.id, 'read', e.read.watermark));
          const m = inbound(e);
          if (m) events.push({ type: 'message', message: m });
        }
      }
      return { events, reply: { status: 200, contentType: 'text/plain', body: 'EVENT_RECEIVED' } };
    },
    send: (message, ctx) => sendMessenger(message, ctx),
    replyWindow: ({ lastInboundAt }, ctx) => messengerWindow(lastInboundAt, ctx.settings.humanAgentTag === true),
    markSeen: ({ externalConversationId }, ctx) => markSeen(externalConversationId, ctx),
  },
});
