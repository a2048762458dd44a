import type { ActionContext, OutboundMessage, ReplyWindow } from '@bacon/sdk';
import { WhatsAppErrors } from './errors.js';
import { base64, encodeForm } from './form.js';

/** WhatsApp's customer-service window: free-form replies only within 24 hours of the customer's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export interface Template {
  name: string;
  contentSid: string;
  description?: string;
}

/** Whether a free-form message may be sent now, given when the customer last wrote. */
export function windowOpen(lastInboundAt: string | null | undefined, now = Date.now()): boolean {
  const t = lastInboundAt ? Date.parse(lastInboundAt) : NaN;
  return Number.isFinite(t) && now - t < WINDOW_MS;
}

/** The window as the console shows it: open until 24 hours after the customer's last message, then templates only. */
export function whatsAppWindow(lastInboundAt: string | null, templates: Template[], now = Date.now()): ReplyWindow {
  const open = windowOpen(lastInboundAt, now);
  return {
    open,
    closesAt: open ? new Date(Date.parse(lastInboundAt!) + WINDOW_MS).toISOString() : null,
    whenClosed: 'templates',
    templates: templates.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}) })),
    ...(open
      ? {}
      : {
          reason:
            "WhatsApp allows free-form replies only within 24 hours of the customer's last message: send an approved template." +
            (templates.length ? '' : ' No approved template is configured in the WhatsApp settings.'),
        }),
  };
}

/** The template component of a message (`{type: 'template', name, variables}`), matched to the approved list. */
function templateOf(
  message: OutboundMessage,
  templates: Template[],
): { template: Template; variables: Record<string, string> } | undefined {
  const c = message.components?.find((x) => x.type === 'template') as { name?: unknown; variables?: unknown } | undefined;
  if (!c) return undefined;
  const template = templates.find((t) => t.name === c.name);
  if (!template)
    throw WhatsAppErrors.templateUnknown(
      { template: c.name },
      `"${String(c.name)}" is not one of the approved templates in the WhatsApp settings.`,
    );
  const vars = c.variables && typeof c.variables === 'object' ? (c.variables as Record<string, unknown>) : {};
  return { template, variables: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)])) };
}

/** The text Twilio sends: the message, then the text fallbacks of components the sender degraded. */
function bodyOf(message: OutboundMessage): string {
  const extra = (message.components ?? []).flatMap((c) => {
    const text = (c as { text?: unknown }).text;
    return c.type === 'text' && typeof text === 'string' ? [text] : [];
  });
  return [message.text, ...extra].filter(Boolean).join('\n\n');
}

/**
 * Sends through Twilio's Messages resource (`POST /2010-04-01/Accounts/{sid}/Messages.json`,
 * form-encoded, HTTP Basic with the account SID and auth token). Outside the 24-hour window only
 * an approved template (ContentSid + ContentVariables) may go; a free-form reply is refused with
 * `whatsapp_window_closed`, naming the templates to use instead.
 */
export async function sendWhatsApp(message: OutboundMessage, ctx: ActionContext): Promise<{ externalMessageId: string }> {
  const s = ctx.settings as {
    accountSid?: string;
    from?: string;
    messagingServiceSid?: string;
    webhookUrl?: string;
    templates?: Template[];
  };
  const token = await ctx.secrets.get('authToken');
  if (!s.accountSid || !token || !(s.from || s.messagingServiceSid)) throw WhatsAppErrors.notConfigured();
  const templates = s.templates ?? [];
  const chosen = templateOf(message, templates);
  if (!chosen && !windowOpen(message.lastInboundAt)) {
    const names = templates.map((t) => t.name);
    throw WhatsAppErrors.windowClosed(
      { templates: names, lastInboundAt: message.lastInboundAt ?? null },
      "WhatsApp allows free-form replies only within 24 hours of the customer's last message" +
        (message.lastInboundAt ? ` (last: ${message.lastInboundAt})` : '') +
        (names.length ? `; send one of the approved templates instead: ${names.join(', ')}.` : '; no approved template is configured.'),
    );
  }
  const form: [string, string][] = [['To', message.externalConversationId]];
  if (s.messagingServiceSid) form.push(['MessagingServiceSid', s.messagingServiceSid]);
  else form.push(['From', `whatsapp:${s.from}`]);
  if (chosen) {
    form.push(['ContentSid', chosen.template.contentSid]);
    if (Object.keys(chosen.variables).length) form.push(['ContentVariables', JSON.stringify(chosen.variables)]);
  } else {
    form.push(['Body', bodyOf(message)]);
    for (const a of message.attachments ?? []) if (a.url) form.push(['MediaUrl', a.url]);
  }
  if (s.webhookUrl) form.push(['StatusCallback', s.webhookUrl]);
  const r = await ctx.http.fetch(`https://api.twilio.com/2010-04-01/Accounts/${s.accountSid}/Messages.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${base64(`${s.accountSid}:${token}`)}` },
    body: encodeForm(form),
  });
  let body: { sid?: string; code?: number; message?: string } = {};
  try {
    body = r.json();
  } catch {
    /* not JSON: the status decides */
  }
  if (r.status === 429)
    throw WhatsAppErrors.rateLimited({ retryAfterSeconds: Number(r.headers['retry-after'] ?? 1) || 1 }, body.message ?? undefined);
  if (r.status >= 500) throw WhatsAppErrors.unavailable({ status: r.status }, `Twilio answered ${r.status}.`);
  if (r.status >= 400 || !body.sid)
    throw WhatsAppErrors.rejected(
      { twilioCode: body.code ?? null, status: r.status },
      `Twilio refused the message${body.code ? ` (error ${body.code})` : ''}: ${body.message ?? `HTTP ${r.status}`}`,
    );
  return { externalMessageId: body.sid };
}
