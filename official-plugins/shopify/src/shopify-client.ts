import { TIME_LIMITS, isBaconError, type ActionContext } from '@bacon/sdk';
import { ShopifyErrors } from './errors.js';

/** The Admin API version every call names. Shopify supports a version for a year: bump it with the tests' fixtures. */
export const API_VERSION = '2025-07';

/** Shop domains the settings accept (and the http allow-list covers). */
export const SHOP_DOMAIN_PATTERN = '^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$';

const MAX_ATTEMPTS = 4;
const TIMEOUT_MS = 8000;

interface GraphqlError {
  message: string;
  extensions?: { code?: string; documentation?: string };
}

interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: GraphqlError[] | string;
  extensions?: { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus } };
}

export interface ShopConnection {
  shop: string;
  token: string;
}

/** The shop and token of the calling tenant, or `shopify_not_configured`. */
export async function connectionOf(ctx: ActionContext): Promise<ShopConnection> {
  const shop = typeof ctx.settings.shopDomain === 'string' ? ctx.settings.shopDomain : '';
  const token = await ctx.secrets.get('accessToken');
  if (!shop || !token) throw ShopifyErrors.notConfigured();
  return { shop, token };
}

/** Milliseconds until Shopify's bucket holds `needed` points again, from the throttle status it sent. */
export function restoreWaitMs(status: ThrottleStatus | undefined, needed: number): number {
  if (!status || !(status.restoreRate > 0)) return 1000;
  const missing = Math.max(0, Math.min(needed, status.maximumAvailable) - status.currentlyAvailable);
  return Math.ceil((missing / status.restoreRate) * 1000);
}

/** `Retry-After` in milliseconds (Shopify sends seconds, sometimes with a fraction), or undefined. */
export function retryAfterMs(value: string | undefined): number | undefined {
  const s = value === undefined ? NaN : Number.parseFloat(value);
  return Number.isFinite(s) && s >= 0 ? Math.ceil(s * 1000) : undefined;
}

const backoffMs = (attempt: number) => Math.min(250 * 2 ** attempt, 4000);

/**
 * One Admin GraphQL call with the pinned version, a timeout, and retries: on 429 and 5xx after
 * `Retry-After` (else exponential backoff), on a `THROTTLED` answer after the time the bucket's
 * restore rate needs for the query's cost. Waits longer than the host allows in one call fail at
 * once with `shopify_throttled` and the wait in `details.retryAfterSeconds`. Errors say why in
 * words an admin can act on.
 */
export async function shopifyGraphql<T>(ctx: ActionContext, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { shop, token } = await connectionOf(ctx);
  const url = `https://${shop}/admin/api/${API_VERSION}/graphql.json`;
  let last: Error | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const retryIn = async (ms: number, err: Error) => {
      last = err;
      if (attempt + 1 >= MAX_ATTEMPTS) throw err;
      if (ms > TIME_LIMITS.sleepMs) throw err;
      await ctx.time.sleep(ms);
    };
    let r;
    try {
      r = await ctx.http.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-shopify-access-token': token },
        body: JSON.stringify({ query, variables }),
        timeoutMs: TIMEOUT_MS,
      });
    } catch (err) {
      const e = ShopifyErrors.unavailable({ shop }, `Shopify (${shop}) is unreachable: ${(err as Error).message}`);
      if (isBaconError(err) && !err.retryable && err.code !== 'host_unavailable') throw e;
      await retryIn(backoffMs(attempt), e);
      continue;
    }
    if (r.status === 401) throw ShopifyErrors.unauthorized({ shop });
    if (r.status === 403)
      throw ShopifyErrors.accessDenied({ shop }, `Shopify refused the call (403): the app lacks an access scope or was uninstalled.`);
    if (r.status === 404 || r.status === 402 || r.status === 423)
      throw ShopifyErrors.shopNotFound({ shop, status: r.status }, `No open Shopify shop answers at ${shop} (HTTP ${r.status}).`);
    if (r.status === 429 || r.status >= 500) {
      const wait = retryAfterMs(r.headers['retry-after']) ?? backoffMs(attempt);
      const err =
        r.status === 429
          ? ShopifyErrors.throttled({ retryAfterSeconds: Math.ceil(wait / 1000) })
          : ShopifyErrors.unavailable({ status: r.status }, `Shopify answered ${r.status}.`);
      await retryIn(wait, err);
      continue;
    }
    let body: GraphqlResponse<T>;
    try {
      body = r.json<GraphqlResponse<T>>();
    } catch {
      throw ShopifyErrors.queryFailed({ status: r.status }, `Shopify answered HTTP ${r.status} with a body that is not JSON.`);
    }
    const errors = Array.isArray(body.errors) ? body.errors : body.errors ? [{ message: body.errors }] : [];
    if (errors.some((e) => e.extensions?.code === 'THROTTLED')) {
      const cost = body.extensions?.cost;
      const wait = restoreWaitMs(cost?.throttleStatus, cost?.requestedQueryCost ?? 1);
      await retryIn(wait, ShopifyErrors.throttled({ retryAfterSeconds: Math.ceil(wait / 1000) }));
      continue;
    }
    const denied = errors.find((e) => e.extensions?.code === 'ACCESS_DENIED');
    if (denied) throw ShopifyErrors.accessDenied({ shop }, `Shopify denied access: ${denied.message}`);
    if (errors.length && !body.data) throw ShopifyErrors.queryFailed({ errors: errors.slice(0, 3) }, `Shopify: ${errors[0]!.message}`);
    if (r.status >= 400 || !body.data) throw ShopifyErrors.queryFailed({ status: r.status }, `Shopify answered HTTP ${r.status}.`);
    return body.data;
  }
  throw last ?? ShopifyErrors.unavailable();
}
