import { TIME_LIMITS, isBaconError, type ActionContext, type FetchResponse } from '@bacon/sdk';
import { HubSpotErrors } from './errors.js';

export const API_BASE = 'https://api.hubapi.com';
const MAX_ATTEMPTS = 4;
const TIMEOUT_MS = 8000;
/** OAuth access tokens are cached in kv until a minute before they expire. */
const TOKEN_KEY = 'oauth:access-token';

interface HubSpotError {
  status?: string;
  message?: string;
  category?: string;
  policyName?: string;
  errors?: { message?: string; context?: Record<string, string[]> }[];
}

const backoffMs = (attempt: number) => Math.min(250 * 2 ** attempt, 4000);

/**
 * How long to wait before the next call after HubSpot's answer: `Retry-After` when sent, else the
 * rest of the rate-limit window (`X-HubSpot-RateLimit-Interval-Milliseconds`) once
 * `X-HubSpot-RateLimit-Remaining` is 0, else exponential backoff.
 */
export function waitAfter(r: Pick<FetchResponse, 'headers'>, attempt: number): number {
  const retryAfter = Number.parseFloat(r.headers['retry-after'] ?? '');
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.ceil(retryAfter * 1000);
  const remaining = Number(r.headers['x-hubspot-ratelimit-remaining'] ?? NaN);
  const interval = Number(r.headers['x-hubspot-ratelimit-interval-milliseconds'] ?? NaN);
  if (remaining === 0 && Number.isFinite(interval) && interval > 0) return interval;
  return backoffMs(attempt);
}

function errorOf(r: FetchResponse): HubSpotError {
  try {
    return r.json<HubSpotError>();
  } catch {
    return {};
  }
}

const scopesOf = (e: HubSpotError) => [
  ...new Set((e.errors ?? []).flatMap((x) => [...(x.context?.requiredGranularScopes ?? []), ...(x.context?.requiredScopes ?? [])])),
];

const form = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');

/** A fresh OAuth access token from the refresh token, cached in kv. */
async function refreshAccessToken(ctx: ActionContext): Promise<string> {
  const clientId = typeof ctx.settings.clientId === 'string' ? ctx.settings.clientId : '';
  const [clientSecret, refreshToken] = await Promise.all([ctx.secrets.get('clientSecret'), ctx.secrets.get('refreshToken')]);
  if (!clientId || !clientSecret || !refreshToken) throw HubSpotErrors.notConfigured();
  const r = await ctx.http.fetch(`${API_BASE}/oauth/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken }),
    timeoutMs: TIMEOUT_MS,
  });
  if (r.status >= 500) throw HubSpotErrors.unavailable({ status: r.status }, `HubSpot answered ${r.status} to the token refresh.`);
  const body = r.json<{ access_token?: string; expires_in?: number; message?: string }>();
  if (r.status >= 400 || !body.access_token)
    throw HubSpotErrors.refreshFailed(
      { status: r.status },
      `HubSpot refused to refresh the OAuth token: ${body.message ?? `HTTP ${r.status}`}`,
    );
  const expiresAt = Date.now() + Math.max(0, (body.expires_in ?? 1800) - 60) * 1000;
  await ctx.kv.set(TOKEN_KEY, { token: body.access_token, expiresAt });
  return body.access_token;
}

/** The bearer token: the private app's, or a cached (else refreshed) OAuth access token. */
async function accessToken(ctx: ActionContext, forceRefresh = false): Promise<string> {
  if (ctx.settings.authMode === 'oauth') {
    if (!forceRefresh) {
      const cached = await ctx.kv.get<{ token: string; expiresAt: number }>(TOKEN_KEY);
      if (cached && cached.expiresAt > Date.now()) return cached.token;
    }
    return refreshAccessToken(ctx);
  }
  const token = await ctx.secrets.get('accessToken');
  if (!token) throw HubSpotErrors.notConfigured();
  return token;
}

/**
 * One HubSpot API call (JSON in, JSON out) with a timeout and retries: 429 and 5xx wait as
 * `waitAfter` says (a daily limit is not waited for), an OAuth token HubSpot refuses is refreshed
 * once. Errors name the cause: a bad token, the missing scopes, a rate limit, an outage.
 */
export async function hubspot<T>(ctx: ActionContext, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  let token = await accessToken(ctx);
  let refreshed = false;
  let last: Error | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const retryIn = async (ms: number, err: Error) => {
      last = err;
      if (attempt + 1 >= MAX_ATTEMPTS || ms > TIME_LIMITS.sleepMs) throw err;
      await ctx.time.sleep(ms);
    };
    let r: FetchResponse;
    try {
      r = await ctx.http.fetch(`${API_BASE}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        timeoutMs: TIMEOUT_MS,
      });
    } catch (err) {
      const e = HubSpotErrors.unavailable(undefined, `HubSpot is unreachable: ${(err as Error).message}`);
      if (isBaconError(err) && !err.retryable && err.code !== 'host_unavailable') throw e;
      await retryIn(backoffMs(attempt), e);
      continue;
    }
    if (r.status < 300) return (r.body ? r.json<T>() : undefined) as T;
    const e = errorOf(r);
    if (r.status === 401) {
      if (ctx.settings.authMode === 'oauth' && !refreshed) {
        refreshed = true;
        token = await accessToken(ctx, true);
        attempt--;
        continue;
      }
      throw HubSpotErrors.unauthorized({ category: e.category ?? null });
    }
    if (r.status === 403 && e.category === 'MISSING_SCOPES') {
      const scopes = scopesOf(e);
      throw HubSpotErrors.missingScopes(
        { scopes },
        `The HubSpot app lacks the scope${scopes.length > 1 ? 's' : ''} ${scopes.join(', ') || '(unnamed)'}.`,
      );
    }
    if (r.status === 429) {
      const daily = e.policyName === 'DAILY' || r.headers['x-hubspot-ratelimit-daily-remaining'] === '0';
      const wait = waitAfter(r, attempt);
      const err = HubSpotErrors.rateLimited(
        { retryAfterSeconds: daily ? 3600 : Math.ceil(wait / 1000), policy: e.policyName ?? null },
        daily ? "HubSpot's daily API limit for this account is used up." : (e.message ?? undefined),
      );
      if (daily) throw err;
      await retryIn(wait, err);
      continue;
    }
    if (r.status >= 500) {
      await retryIn(waitAfter(r, attempt), HubSpotErrors.unavailable({ status: r.status }, `HubSpot answered ${r.status}.`));
      continue;
    }
    throw HubSpotErrors.rejected(
      { status: r.status, category: e.category ?? null },
      `HubSpot refused the request (${r.status}): ${e.message ?? 'no reason given'}`,
    );
  }
  throw last ?? HubSpotErrors.unavailable();
}
