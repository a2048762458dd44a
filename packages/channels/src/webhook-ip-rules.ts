import { inCidr, parseCidr, parseIp, type Cidr } from '@bacon/sdk/ip-ranges';

/** The entry of an allow-list that stands for the provider's published ranges (the adapter's `webhookSources`). */
export const PROVIDER_RANGES = 'provider';

export type WebhookIpDecision = { ok: true } | { ok: false; reason: 'not_allowed' };

/** The JSON Schema of the channels setting: per channel plugin, the addresses its webhooks may come from. */
export const webhookIpAllowSchema = {
  type: 'object',
  title: 'Webhook source addresses, per channel plugin',
  description:
    'Plugin id -> CIDR ranges or addresses its provider calls from; "provider" stands for the ranges the plugin publishes. Empty: any address (the signature is the check).',
  propertyNames: { pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
  additionalProperties: {
    type: 'array',
    maxItems: 200,
    items: { type: 'string', maxLength: 64, pattern: `^(${PROVIDER_RANGES}|[0-9a-fA-F:.]+(/[0-9]{1,3})?)$` },
  },
} as const;

/**
 * Whether `ip` may deliver webhooks under `allow` (a plugin's entry of `webhookIpAllow`). No list,
 * or an empty one, allows any address. Otherwise the address must fall in one of its ranges, where
 * `provider` means the adapter's published `webhookSources`. A list none of whose entries parse
 * allows nothing: a mistyped allow-list fails closed.
 */
export function decideWebhookIp(
  ip: string,
  allow: readonly string[] | undefined,
  providerRanges: readonly string[] = [],
): WebhookIpDecision {
  if (!allow?.length) return { ok: true };
  const ranges: Cidr[] = allow
    .flatMap((entry) => (entry === PROVIDER_RANGES ? providerRanges : [entry]))
    .flatMap((text) => parseCidr(text) ?? []);
  const addr = parseIp(ip);
  return addr && ranges.some((c) => inCidr(addr, c)) ? { ok: true } : { ok: false, reason: 'not_allowed' };
}

/**
 * The tenant's allow-lists (the channels plugin's `webhookIpAllow` setting), read through a short
 * cache: webhooks are the hot path, and a changed setting counts within `ttlMs`.
 */
export function webhookAllowLists(settingsFor: (tenantId: string) => Promise<Record<string, unknown>>, ttlMs = 2000) {
  const cache = new Map<string, { at: number; lists: Record<string, string[]> }>();
  return async function allowListOf(tenantId: string, pluginId: string): Promise<string[] | undefined> {
    let hit = cache.get(tenantId);
    if (!hit || Date.now() - hit.at >= ttlMs) {
      const raw = (await settingsFor(tenantId)).webhookIpAllow;
      hit = { at: Date.now(), lists: raw && typeof raw === 'object' ? (raw as Record<string, string[]>) : {} };
      if (cache.size > 10000) cache.clear();
      cache.set(tenantId, hit);
    }
    const list = hit.lists[pluginId];
    return Array.isArray(list) ? list : undefined;
  };
}
