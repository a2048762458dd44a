import type { ActionContext, MessageComponent, OutboundMessage, ReplyWindow } from '@bacon/sdk';
import { MessengerErrors } from './errors.js';

export const STANDARD_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The HUMAN_AGENT tag lets a person answer for 7 days after the user's last message. */
export const HUMAN_AGENT_WINDOW_MS = 7 * STANDARD_WINDOW_MS;
export const GRAPH = 'https://graph.facebook.com/v19.0';

type Card = Extract<MessageComponent, { type: 'card' }>;
type QuickReplies = Extract<MessageComponent, { type: 'quick_replies' }>;

/**
 * The window as the console shows it: 24 hours after the person's last message, 7 days with the
 * human agent tag; after it nothing may be sent (Messenger has no templates that reopen it).
 */
export function messengerWindow(lastInboundAt: string | null, humanAgent: boolean, now = Date.now()): ReplyWindow {
  const last = lastInboundAt ? Date.parse(lastInboundAt) : NaN;
  const length = humanAgent ? HUMAN_AGENT_WINDOW_MS : STANDARD_WINDOW_MS;
  const open = Number.isFinite(last) && now - last < length;
  return {
    open,
    closesAt: open ? new Date(last + length).toISOString() : null,
    whenClosed: 'nothing',
    templates: [],
    ...(open
      ? {}
      : {
          reason: humanAgent
            ? "Messenger allows replies for 7 days after the person's last message with the human agent tag; that has passed."
            : "Messenger allows replies only within 24 hours of the person's last message; enable the human agent tag to answer for up to 7 days.",
        }),
  };
}

/** `mark_seen`: the page shows the person that their messages were seen (Send API sender action). */
export async function markSeen(externalConversationId: string, ctx: ActionContext): Promise<void> {
  const token = await ctx.secrets.get('pageAccessToken');
  if (!token) throw MessengerErrors.notConfigured();
  const r = await ctx.http.fetch(`${GRAPH}/me/messages?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ recipient: { id: externalConversationId }, sender_action: 'mark_seen' }),
  });
  if (r.status === 429) throw MessengerErrors.rateLimited({ retryAfterSeconds: Number(r.headers['retry-after'] ?? 60) || 60 });
  if (r.status >= 500) throw MessengerErrors.unavailable({ status: r.status }, `The Send API answered ${r.status}.`);
  if (r.status >= 400) throw MessengerErrors.rejected({ status: r.status }, `The Send API refused mark_seen (HTTP ${r.status}).`);
}

/** The Send API `message` for a reply: a generic template for cards, quick replies, else text. */
function messageOf(m: OutboundMessage): Record<string, unknown> {
  const cards = (m.components ?? []).filter((c): c is Card => c.type === 'card');
  const quick = (m.components ?? []).find((c): c is QuickReplies => c.type === 'quick_replies');
  const texts = (m.components ?? []).flatMap((c) =>
    c.type === 'text' && typeof (c as { text?: unknown }).text === 'string' ? [String((c as { text: string }).text)] : [],
  );
  if (cards.length)
    return {
      attachment: {
        type: 'template',
        payload: {
          template_type: 'generic',
          elements: cards.slice(0, 10).map((c) => ({
            title: c.title.slice(0, 80),
            ...(c.text ? { subtitle: c.text.slice(0, 80) } : {}),
            ...(c.imageUrl ? { image_url: c.imageUrl } : {}),
            ...(c.buttons?.length
              ? {
                  buttons: c.buttons
                    .slice(0, 3)
                    .map((b) =>
                      b.url
                        ? { type: 'web_url', url: b.url, title: b.label.slice(0, 20) }
                        : { type: 'postback', title: b.label.slice(0, 20), payload: b.value ?? b.label },
                    ),
                }
              : {}),
          })),
        },
      },
    };
  const text = [m.text, ...texts].filter(Boolean).join('\n\n') || (quick?.text ?? '');
  if (quick)
    return {
      text: text || quick.text,
      quick_replies: quick.options.slice(0, 13).map((o) => ({ content_type: 'text', title: o.label.slice(0, 20), payload: o.value })),
    };
  return { text };
}

/**
 * Sends through the Send API (`POST /me/messages` with the page access token). Inside the
 * standard 24-hour window the reply is `messaging_type: RESPONSE`; after it, only with the
 * HUMAN_AGENT tag (when enabled in the settings, up to 7 days), otherwise it is refused.
 */
export async function sendMessenger(message: OutboundMessage, ctx: ActionContext): Promise<{ externalMessageId: string }> {
  const token = await ctx.secrets.get('pageAccessToken');
  if (!token || !ctx.settings.pageId) throw MessengerErrors.notConfigured();
  const last = message.lastInboundAt ? Date.parse(message.lastInboundAt) : NaN;
  const age = Number.isFinite(last) ? Date.now() - last : Infinity;
  const humanAgent = ctx.settings.humanAgentTag === true;
  let routing: Record<string, string> = { messaging_type: 'RESPONSE' };
  if (age >= STANDARD_WINDOW_MS) {
    if (!humanAgent || age >= HUMAN_AGENT_WINDOW_MS)
      throw MessengerErrors.windowClosed(
        { lastInboundAt: message.lastInboundAt ?? null, humanAgentTag: humanAgent },
        `Messenger allows replies only within 24 hours of the person's last message${message.lastInboundAt ? ` (last: ${message.lastInboundAt})` : ''}` +
          (humanAgent
            ? ', or 7 days with the human agent tag; that has passed too.'
            : '; enable the human agent tag to answer for up to 7 days.'),
      );
    routing = { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  }
  const r = await ctx.http.fetch(`${GRAPH}/me/messages?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ recipient: { id: message.externalConversationId }, ...routing, message: messageOf(message) }),
  });
  let body: { message_id?: string; error?: { message?: string; code?: number; error_subcode?: number } } = {};
  try {
    body = r.json();
  } catch {
    /* the status decides */
  }
  const code = body.error?.code;
  // Meta's throttling codes: 4 (app), 17 (user), 32 (page), 613 (calls), and HTTP 429.
  if (r.status === 429 || (code !== undefined && [4, 17, 32, 613].includes(code)))
    throw MessengerErrors.rateLimited({ retryAfterSeconds: Number(r.headers['retry-after'] ?? 60) || 60 }, body.error?.message);
  if (r.status >= 500) throw MessengerErrors.unavailable({ status: r.status }, `The Send API answered ${r.status}.`);
  if (r.status >= 400 || !body.message_id)
    throw MessengerErrors.rejected(
      { metaCode: code ?? null, subcode: body.error?.error_subcode ?? null },
      `The Send API refused the message${code !== undefined ? ` (code ${code}${body.error?.error_subcode ? `/${body.error.error_subcode}` : ''})` : ''}: ${body.error?.message ?? `HTTP ${r.status}`}`,
    );
  return { externalMessageId: body.message_id };
}
