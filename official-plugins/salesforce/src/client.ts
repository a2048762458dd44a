import { backoffMs, retryAfterMs, type ActionContext, type FetchRequest, type FetchResponse } from '@bacon/sdk';
import { SalesforceErrors } from './errors.js';
import { API_VERSION, trimUrl, type SalesforceSettings } from './settings.js';

/** The cached session (kv `session`): the access token and the instance it was issued for. */
interface Session {
  accessToken: string;
  instanceUrl: string;
}

/** Salesforce's answer to a refresh-token grant (OAuth 2.0 token endpoint). */
interface TokenResponse {
  access_token: string;
  instance_url: string;
  id: string;
  token_type: string;
  issued_at: string;
  signature: string;
  scope?: string;
}

const SESSION_KEY = 'session';
const REQUEST_TIMEOUT_MS = 10_000;
/** Attempts of one request on 429, 5xx or a network failure (then the error). */
const MAX_ATTEMPTS = 3;
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8_000;

const form = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');

/** `Sforce-Limit-Info: api-usage=25/15000`: the org's API requests used and allowed in the last 24 hours. */
export function parseLimitInfo(value: string | undefined): { used: number; max: number } | undefined {
  const m = value?.match(/api-usage=(\d+)\/(\d+)/);
  return m ? { used: Number(m[1]), max: Number(m[2]) } : undefined;
}

const backoff = (attempt: number) => backoffMs(attempt, BACKOFF_BASE_MS, BACKOFF_MAX_MS);

/**
 * One HTTP exchange with timeouts and retries: 429 and 5xx are retried (after `Retry-After` when
 * given, else exponential backoff with jitter), as are network failures; `Sforce-Limit-Info` is
 * read on every answer and a nearly spent daily allowance logged.
 */
export async function send(ctx: ActionContext, url: string, init: FetchRequest): Promise<FetchResponse> {
  const host = url.replace(/^https?:\/\//, '').split('/')[0]!;
  for (let attempt = 0; ; attempt++) {
    let res: FetchResponse;
    try {
      res = await ctx.http.fetch(url, { ...init, timeoutMs: REQUEST_TIMEOUT_MS });
    } catch (err) {
      const e = err as { code?: string; message?: string; retryable?: boolean };
      if (e.code === 'capability_not_granted') throw err;
      if (e.retryable && attempt + 1 < MAX_ATTEMPTS) {
        await ctx.time.sleep(backoff(attempt));
        continue;
      }
      throw SalesforceErrors.unavailable({ host }, `Could not reach ${host}: ${e.message ?? 'no answer'}.`);
    }
    const usage = parseLimitInfo(res.headers['sforce-limit-info']);
    if (usage && usage.used >= usage.max * 0.9)
      ctx.log.warn({ used: usage.used, max: usage.max }, 'salesforce: the org has used 90% of its daily API requests');
    if ((res.status === 429 || res.status >= 500) && attempt + 1 < MAX_ATTEMPTS) {
      await ctx.time.sleep(Math.min(BACKOFF_MAX_MS, retryAfterMs(res.headers['retry-after']) ?? backoff(attempt)));
      continue;
    }
    if (res.status === 429) throw SalesforceErrors.rateLimited({ host });
    if (res.status >= 500) throw SalesforceErrors.unavailable({ host, status: res.status }, `Salesforce answered ${res.status}.`);
    return res;
  }
}

/** Salesforce's error body: `[{message, errorCode, fields?}]` (REST) or `{error, error_description}` (OAuth). */
export function errorOf(res: FetchResponse): { code: string; message: string } {
  try {
    const b = res.json<unknown>();
    const first = Array.isArray(b) ? (b[0] as { errorCode?: string; message?: string }) : undefined;
    if (first?.errorCode) return { code: first.errorCode, message: first.message ?? first.errorCode };
    const o = b as { error?: string; error_description?: string };
    if (o?.error) return { code: o.error, message: o.error_description ?? o.error };
  } catch {
    // not JSON: fall through
  }
  return { code: `HTTP_${res.status}`, message: res.body.slice(0, 200) || `HTTP ${res.status}` };
}

const settingsOf = (ctx: ActionContext) => ctx.settings as SalesforceSettings;

/** The org's REST base (`https://acme.my.salesforce.com`), from the settings. */
export function instanceUrl(ctx: ActionContext): string {
  const u = settingsOf(ctx).instanceUrl;
  if (!u) throw SalesforceErrors.notConfigured();
  return trimUrl(u);
}

/**
 * Trades the refresh token for a new access token (`POST {loginUrl}/services/oauth2/token`,
 * grant_type=refresh_token) and caches it in kv. A refusal (`invalid_grant`: the token was revoked
 * or expired; `invalid_client`...) can only be repaired by an admin: unless `disableOnFailure` is
 * false (a connection test), the install is disabled with the reason, so calls stop and the admin sees why.
 */
export async function refreshSession(ctx: ActionContext, opts: { disableOnFailure?: boolean } = {}): Promise<Session & TokenResponse> {
  const s = settingsOf(ctx);
  const [clientSecret, refreshToken] = await Promise.all([ctx.secrets.get('clientSecret'), ctx.secrets.get('refreshToken')]);
  if (!s.clientId || !clientSecret || !refreshToken || !s.instanceUrl) throw SalesforceErrors.notConfigured();
  const loginUrl = trimUrl(s.loginUrl ?? 'https://login.salesforce.com');
  const res = await send(ctx, `${loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form({ grant_type: 'refresh_token', client_id: s.clientId, client_secret: clientSecret, refresh_token: refreshToken }),
  });
  if (res.status !== 200) {
    const e = errorOf(res);
    const reason = `Salesforce refused the refresh token (${e.code}: ${e.message}); reconnect the Salesforce app in the plugin settings.`;
    if (opts.disableOnFailure !== false) await ctx.install.disable(reason);
    throw SalesforceErrors.authFailed({ salesforceError: e.code }, reason);
  }
  const token = res.json<TokenResponse>();
  const session = { accessToken: token.access_token, instanceUrl: trimUrl(token.instance_url ?? s.instanceUrl) };
  await ctx.kv.set(SESSION_KEY, session);
  return { ...token, ...session };
}

async function currentSession(ctx: ActionContext): Promise<Session> {
  return (await ctx.kv.get<Session>(SESSION_KEY)) ?? refreshSession(ctx);
}

/**
 * A call to the org's REST API (`path` under `/services/data/vXX.X`, or an absolute path such as a
 * `nextRecordsUrl`). An expired session (401 `INVALID_SESSION_ID`) is refreshed once and the call
 * retried; any other 4xx becomes a `salesforce_*` error carrying Salesforce's own code.
 */
export async function api<T>(ctx: ActionContext, method: FetchRequest['method'], path: string, body?: unknown): Promise<T> {
  const base = instanceUrl(ctx);
  const url = path.startsWith('/services/') ? `${base}${path}` : `${base}/services/data/${API_VERSION}${path}`;
  let session = await currentSession(ctx);
  for (let refreshed = false; ; refreshed = true) {
    const res = await send(ctx, url, {
      method,
      headers: {
        authorization: `Bearer ${session.accessToken}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status === 401 && !refreshed) {
      session = await refreshSession(ctx);
      continue;
    }
    if (res.status >= 200 && res.status < 300) return (res.body ? res.json<T>() : undefined) as T;
    const e = errorOf(res);
    if (res.status === 401) throw SalesforceErrors.authFailed({ salesforceError: e.code }, `Salesforce refused the session: ${e.message}`);
    if (res.status === 404) throw SalesforceErrors.notFound({ salesforceError: e.code }, `Salesforce: ${e.message}`);
    throw SalesforceErrors.rejected(
      { salesforceError: e.code, status: res.status },
      `Salesforce refused the request (${e.code}): ${e.message}`,
    );
  }
}

/** A SOQL query's records, following `nextRecordsUrl` until `max` records (or the end). */
export async function query<R>(ctx: ActionContext, soql: string, max = 200): Promise<R[]> {
  const records: R[] = [];
  let page = await api<{ done: boolean; nextRecordsUrl?: string; records: R[] }>(ctx, 'GET', `/query?q=${encodeURIComponent(soql)}`);
  records.push(...page.records);
  while (!page.done && page.nextRecordsUrl && records.length < max) {
    page = await api(ctx, 'GET', page.nextRecordsUrl);
    records.push(...page.records);
  }
  return records.slice(0, max);
}
