import { type ActionContext, type WebhookRequest } from '@bacon/sdk';
import { ZapierErrors } from './errors.js';
import { HOOK_EVENTS, type HookEvent } from './events.js';

/** One REST hook subscription: a Zap's URL for one event (kv `hook:<event>:<id>`). */
export interface Subscription {
  id: string;
  event: HookEvent;
  hookUrl: string;
  createdAt: string;
}

/** Zapier's hook URLs: https on hooks.zapier.com only (a subscription cannot point Bacon anywhere else). */
export const ZAPIER_HOOK_URL = /^https:\/\/hooks\.zapier\.com\/[!-~]{1,2000}$/;

const key = (event: string, id: string) => `hook:${event}:${id}`;

/** Checks the `X-API-Key` header against the tenant's key, in constant time. */
export async function authenticate(request: WebhookRequest, ctx: ActionContext): Promise<void> {
  const expected = await ctx.secrets.get('apiKey');
  if (!expected) throw ZapierErrors.notConfigured();
  const given = request.headers['x-api-key'] ?? '';
  if (!given || !(await ctx.crypto.timingSafeEqual(given, expected))) throw ZapierErrors.badApiKey();
}

function bodyOf(request: WebhookRequest): Record<string, unknown> {
  try {
    const b = JSON.parse(request.body || '{}') as unknown;
    if (b && typeof b === 'object' && !Array.isArray(b)) return b as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw ZapierErrors.badSubscription(undefined, 'The body is a JSON object.');
}

/** `POST .../triggers/subscribe/<tenantId>` with `{hookUrl, event}`: stores the Zap's URL (same URL twice: one subscription). */
export async function subscribe(request: WebhookRequest, ctx: ActionContext): Promise<Subscription> {
  await authenticate(request, ctx);
  const { hookUrl, event } = bodyOf(request);
  if (typeof hookUrl !== 'string' || !ZAPIER_HOOK_URL.test(hookUrl))
    throw ZapierErrors.badSubscription({ field: 'hookUrl' }, 'hookUrl is an https://hooks.zapier.com/ URL.');
  if (!HOOK_EVENTS.includes(event as HookEvent))
    throw ZapierErrors.badSubscription({ field: 'event', allowed: HOOK_EVENTS }, `event is one of ${HOOK_EVENTS.join(', ')}.`);
  const id = (await ctx.crypto.hash('sha256', `${String(event)} ${hookUrl}`)).slice(0, 32);
  const sub: Subscription = { id, event: event as HookEvent, hookUrl, createdAt: new Date().toISOString() };
  const known = await ctx.kv.get<Subscription>(key(sub.event, id));
  if (known) return known;
  await ctx.kv.set(key(sub.event, id), sub);
  return sub;
}

/** `POST .../triggers/unsubscribe/<tenantId>` with `{hookUrl}` (Zapier's `bundle.targetUrl`) or `{id}`: removes it. */
export async function unsubscribe(request: WebhookRequest, ctx: ActionContext): Promise<{ removed: string[] }> {
  await authenticate(request, ctx);
  const { hookUrl, id } = bodyOf(request);
  if (typeof hookUrl !== 'string' && typeof id !== 'string') throw ZapierErrors.badSubscription(undefined, 'Give hookUrl or id.');
  const removed: string[] = [];
  for (const sub of await listSubscriptions(ctx)) {
    if (sub.hookUrl === hookUrl || sub.id === id) {
      await ctx.kv.delete(key(sub.event, sub.id));
      removed.push(sub.id);
    }
  }
  return { removed };
}

export async function listSubscriptions(ctx: ActionContext, event?: HookEvent): Promise<Subscription[]> {
  const keys = await ctx.kv.list(event ? `hook:${event}:` : 'hook:');
  const out: Subscription[] = [];
  for (const k of keys) {
    const s = await ctx.kv.get<Subscription>(k);
    if (s) out.push(s);
  }
  return out;
}

export const removeSubscription = (ctx: ActionContext, sub: Subscription) => ctx.kv.delete(key(sub.event, sub.id));
