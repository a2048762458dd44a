import { definePlugin, type ChannelEvent, type ChannelRequest, type InboundMessage } from '@bacon/sdk';
import { parseForm } from './form.js';
import { twilioSignature } from './twilio-signature.js';
import { sendWhatsApp, whatsAppWindow, type Template } from './send-whatsapp.js';

/** Twilio's delivery statuses, as Bacon's; the in-between ones (queued, accepted, sending) are not news. */
const STATUS: Record<string, 'sent' | 'delivered' | 'read' | 'failed'> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  undelivered: 'failed',
};

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** The URL Twilio signed: the one configured in Twilio (`webhookUrl`) when set, else the one the host saw. */
const signedUrl = (request: ChannelRequest, settings: Record<string, unknown>) =>
  typeof settings.webhookUrl === 'string' && settings.webhookUrl ? settings.webhookUrl : request.url;

function inboundMessage(p: Record<string, string>): InboundMessage {
  const media = Number(p.NumMedia ?? 0);
  const attachments = [];
  for (let i = 0; i < Math.min(Number.isFinite(media) ? media : 0, 10); i++) {
    const url = p[`MediaUrl${i}`];
    if (url) attachments.push({ name: `media-${i}`, contentType: p[`MediaContentType${i}`] ?? 'application/octet-stream', size: 0, url });
  }
  const m: InboundMessage = {
    externalConversationId: p.From!,
    externalMessageId: p.MessageSid!,
    contact: {
      externalId: p.From!,
      ...(p.ProfileName ? { name: p.ProfileName } : {}),
      phone: p.WaId ? `+${p.WaId}` : p.From!.replace(/^whatsapp:/, ''),
    },
    text: p.Body ?? '',
  };
  if (attachments.length) m.attachments = attachments;
  if (p.Latitude && p.Longitude)
    m.location = {
      latitude: Number(p.Latitude),
      longitude: Number(p.Longitude),
      ...(p.Label ? { name: p.Label } : {}),
      ...(p.Address ? { address: p.Address } : {}),
    };
  if (p.ButtonPayload || p.ButtonText)
    m.reply = { value: p.ButtonPayload ?? p.ButtonText!, ...(p.ButtonText ? { label: p.ButtonText } : {}) };
  return m;
}

/**
 * WhatsApp through Twilio's Messaging API, as a sandboxed channel. Inbound messages and status
 * callbacks arrive form-encoded and signed (`X-Twilio-Signature`); replies go out through the
 * Messages resource, free-form inside WhatsApp's 24-hour customer-service window and only as
 * approved templates outside it.
 */
export default definePlugin({
  id: 'twilio-whatsapp',
  version: '0.1.0',
  title: 'WhatsApp (Twilio)',
  description: 'WhatsApp conversations through a Twilio sender.',
  engines: { sdk: '^1' },
  egress: { regions: ['us'], note: "api.twilio.com is Twilio's US1 region; WhatsApp is not offered in its Ireland (IE1) region." },
  capabilities: [{ name: 'http', hosts: ['api.twilio.com'] }, { name: 'secrets' }],
  settings: {
    schema: {
      type: 'object',
      properties: {
        accountSid: { type: 'string', pattern: '^AC[0-9a-fA-F]{32}$', title: 'Account SID' },
        authToken: { type: 'string', title: 'Auth token', writeOnly: true, 'x-secret': true },
        from: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', title: 'WhatsApp sender number (E.164)' },
        messagingServiceSid: { type: 'string', pattern: '^MG[0-9a-fA-F]{32}$', title: 'Messaging Service SID (instead of a number)' },
        webhookUrl: {
          type: 'string',
          format: 'uri',
          title: 'Webhook URL as configured in Twilio',
          description: 'Twilio signs this exact URL; also sent as the status callback.',
        },
        templates: {
          type: 'array',
          title: 'Approved templates',
          items: {
            type: 'object',
            required: ['name', 'contentSid'],
            properties: {
              name: { type: 'string', minLength: 1 },
              contentSid: { type: 'string', pattern: '^HX[0-9a-fA-F]{32}$' },
              description: { type: 'string' },
            },
          },
          default: [],
        },
      },
    },
  },
  channel: {
    name: 'whatsapp',
    supports: ['text', 'template'],
    async verifyWebhook(request, ctx) {
      const token = await ctx.secrets.get('authToken');
      const header = request.headers['x-twilio-signature'];
      if (!token || !header) return false;
      const expected = await twilioSignature(ctx, token, signedUrl(request, ctx.settings), parseForm(request.body));
      return ctx.crypto.timingSafeEqual(expected, header);
    },
    parseWebhook(request) {
      const p = Object.fromEntries(parseForm(request.body));
      const events: ChannelEvent[] = [];
      if (p.MessageStatus && p.MessageStatus !== 'received') {
        const status = STATUS[p.MessageStatus];
        if (status && p.MessageSid)
          events.push({
            type: 'status',
            externalMessageId: p.MessageSid,
            status,
            ...(status === 'failed'
              ? { error: { code: `twilio_${p.ErrorCode ?? 'failed'}`, message: p.ErrorMessage ?? `Twilio reported ${p.MessageStatus}.` } }
              : {}),
          });
      } else if (p.MessageSid && p.From) events.push({ type: 'message', message: inboundMessage(p) });
      return { events, reply: { status: 200, contentType: 'text/xml', body: EMPTY_TWIML } };
    },
    send: (message, ctx) => sendWhatsApp(message, ctx),
    replyWindow: ({ lastInboundAt }, ctx) => whatsAppWindow(lastInboundAt, (ctx.settings.templates as Template[] | undefined) ?? []),
  },
});
