import type { ActionContext, WebhookRequest } from '@bacon/sdk';
import { HubSpotErrors } from './errors.js';

/** HubSpot's v3 signatures are refused once older than this. */
export const MAX_AGE_MS = 5 * 60 * 1000;

/**
 * The URL HubSpot called, as it signs it: the configured `webhookBaseUrl` (when Bacon sits behind a
 * proxy that rewrites it) or the scheme and host the request came with, then the trigger's path.
 */
export function signedUri(request: WebhookRequest, ctx: Pick<ActionContext, 'settings' | 'tenantId'>, trigger: string): string {
  const configured = typeof ctx.settings.webhookBaseUrl === 'string' ? ctx.settings.webhookBaseUrl.replace(/\/+$/, '') : '';
  const proto = (request.headers['x-forwarded-proto'] ?? 'https').split(',')[0]!.trim();
  const base = configured || `${proto}://${request.headers['x-forwarded-host'] ?? request.headers.host ?? ''}`;
  const query = Object.entries(request.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return `${base}/api/v1/plugins/hubspot/triggers/${trigger}/${ctx.tenantId}${query ? `?${query}` : ''}`;
}

/**
 * Checks `X-HubSpot-Signature-v3`: base64 HMAC-SHA256, keyed by the app's client secret, of
 * method + URI + body + `X-HubSpot-Request-Timestamp`; refuses a timestamp more than five minutes
 * old (a replay) and compares in constant time.
 */
export async function verifyHubSpotSignature(
  request: WebhookRequest,
  ctx: ActionContext,
  trigger: string,
  now = Date.now(),
): Promise<void> {
  const secret = await ctx.secrets.get('appSecret');
  const signature = request.headers['x-hubspot-signature-v3'];
  const timestamp = request.headers['x-hubspot-request-timestamp'] ?? '';
  if (!secret || !signature || !/^\d{10,16}$/.test(timestamp)) throw HubSpotErrors.badSignature();
  if (Math.abs(now - Number(timestamp)) > MAX_AGE_MS)
    throw HubSpotErrors.badSignature({ timestamp }, 'The webhook is more than five minutes old (or from the future): refused as a replay.');
  const expected = await ctx.crypto.hmac('sha256', secret, `POST${signedUri(request, ctx, trigger)}${request.body}${timestamp}`, 'base64');
  if (!(await ctx.crypto.timingSafeEqual(expected, signature))) throw HubSpotErrors.badSignature();
}
