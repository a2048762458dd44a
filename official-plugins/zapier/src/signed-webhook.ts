import { backoffMs, retryAfterMs, type ActionContext } from '@bacon/sdk';
import { ZapierErrors } from './errors.js';

const ATTEMPTS = 3;

/**
 * The signature a receiver checks: `X-Bacon-Timestamp` (Unix seconds) and
 * `X-Bacon-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed by the webhook secret>`.
 * Signing the timestamp with the body lets the receiver refuse replays (older than, say, 5 minutes).
 */
export async function signature(ctx: ActionContext, secret: string, timestamp: number, body: string): Promise<string> {
  return `v1=${await ctx.crypto.hmac('sha256', secret, `${timestamp}.${body}`)}`;
}

/** POSTs `{event, data, sentAt}` to `url`, signed; retries 429 and 5xx (Retry-After honoured) and network failures. */
export async function sendSignedWebhook(
  input: { url: string; event: string; data: unknown },
  ctx: ActionContext,
): Promise<{ status: number; attempts: number; deliveryId: string }> {
  if (!/^https:\/\/[a-z0-9.-]+(:\d+)?\//i.test(input.url)) throw ZapierErrors.hostNotAllowed({ url: input.url });
  const secret = await ctx.secrets.get('webhookSecret');
  if (!secret) throw ZapierErrors.notConfigured(undefined, 'Set the webhook signing secret in the Zapier settings.');
  const deliveryId = await ctx.crypto.randomUUID();
  for (let attempt = 0; ; attempt++) {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: deliveryId, event: input.event, data: input.data, sentAt: new Date().toISOString() });
    let status: number;
    let retryAfter: string | undefined;
    try {
      const res = await ctx.http.fetch(input.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-bacon-event': input.event,
          'x-bacon-delivery': deliveryId,
          'x-bacon-timestamp': String(timestamp),
          'x-bacon-signature': await signature(ctx, secret, timestamp, body),
        },
        body,
        timeoutMs: 10_000,
      });
      status = res.status;
      retryAfter = res.headers['retry-after'];
    } catch (err) {
      const e = err as { code?: string; message?: string; retryable?: boolean };
      if (e.code === 'host_not_allowed' || e.code === 'capability_not_granted') throw err;
      if (!e.retryable || attempt + 1 >= ATTEMPTS) throw ZapierErrors.deliveryFailed({ url: input.url }, `Could not deliver: ${e.message}`);
      await ctx.time.sleep(backoffMs(attempt));
      continue;
    }
    if (status >= 200 && status < 300) return { status, attempts: attempt + 1, deliveryId };
    if ((status === 429 || status >= 500) && attempt + 1 < ATTEMPTS) {
      await ctx.time.sleep(Math.min(8000, retryAfterMs(retryAfter) ?? backoffMs(attempt)));
      continue;
    }
    throw ZapierErrors.deliveryFailed({ url: input.url, status }, `The receiver answered HTTP ${status}.`);
  }
}
