import type { ActionContext, DurableEvent } from '@bacon/sdk';
import { ZapierErrors } from './errors.js';
import { hookPayload, type HookEvent } from './events.js';
import { listSubscriptions, removeSubscription } from './subscriptions.js';

const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Delivers one durable event to every Zap subscribed to `hook`. A Zap that answers 410 Gone has
 * been turned off for good: its subscription is removed (Zapier's REST hook rule). Zaps that took
 * the event are remembered under kv `sent:<event id>`, so when another one failed and the host
 * retries the event (backoff, then the parked list an admin can replay) they are not sent it twice.
 * Answers what was delivered (published as the trigger's payload).
 */
export async function deliver(hook: HookEvent, event: DurableEvent, ctx: ActionContext): Promise<Record<string, unknown>[]> {
  const payload = hookPayload(hook, event);
  if (!payload) return [];
  const subs = await listSubscriptions(ctx, hook);
  if (!subs.length) return [];
  const sentKey = `sent:${event.id}`;
  const sent = new Set((await ctx.kv.get<string[]>(sentKey)) ?? []);
  const failed: string[] = [];
  const body = JSON.stringify(payload);
  for (const sub of subs) {
    if (sent.has(sub.id)) continue;
    try {
      const res = await ctx.http.fetch(sub.hookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bacon-event': hook, 'x-bacon-delivery': event.id },
        body,
        timeoutMs: DELIVERY_TIMEOUT_MS,
      });
      if (res.status === 410) {
        await removeSubscription(ctx, sub);
        ctx.log.info({ subscription: sub.id }, 'zapier: the Zap answered 410 Gone; its subscription is removed');
      } else if (res.status >= 200 && res.status < 300) sent.add(sub.id);
      else failed.push(`${sub.id}: HTTP ${res.status}`);
    } catch (err) {
      failed.push(`${sub.id}: ${(err as Error).message}`);
    }
  }
  if (failed.length) {
    await ctx.kv.set(sentKey, [...sent]);
    throw ZapierErrors.deliveryFailed({ failed }, `Zapier did not take ${hook} ${event.id}: ${failed.join('; ')}`);
  }
  if (sent.size) await ctx.kv.delete(sentKey);
  return [payload];
}
