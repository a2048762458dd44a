import { AiAssistErrors } from '../errors.js';

/**
 * `fetch` to a provider, with its failures turned into the assist's errors: 401/403 (the key),
 * 429 (with the provider's Retry-After), other statuses, a timeout and an unreachable host.
 */
export async function providerFetch(
  provider: string,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal });
  } catch (err) {
    throw fetchFailure(provider, url, err, signal, timeoutMs);
  }
  if (res.ok) return res;
  const detail = await errorDetail(res);
  if (res.status === 401 || res.status === 403) throw AiAssistErrors.providerAuthFailed(provider, res.status);
  if (res.status === 429) throw AiAssistErrors.providerRateLimited(provider, retryAfterSeconds(res.headers.get('retry-after')));
  throw AiAssistErrors.providerFailed(provider, res.status, detail);
}

/** A failure while reading a streamed body, as the assist's error. */
export function fetchFailure(provider: string, url: string, err: unknown, signal: AbortSignal, timeoutMs: number): Error {
  const name = (err as Error)?.name;
  if (signal.aborted && (name === 'TimeoutError' || name === 'AbortError' || (signal.reason as Error)?.name === 'TimeoutError'))
    return AiAssistErrors.providerTimeout(provider, timeoutMs);
  if ((err as { code?: string })?.code?.startsWith?.('ai_')) return err as Error;
  return AiAssistErrors.providerUnreachable(provider, new URL(url).host);
}

/** `Retry-After` as seconds: a number of seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const n = Number(header);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

/** The provider's own error message (OpenAI and Anthropic both answer `{error:{message}}`), one line, short. */
async function errorDetail(res: Response): Promise<string | undefined> {
  try {
    const text = await res.text();
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const msg = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    return typeof msg === 'string' ? msg.replace(/\s+/g, ' ').slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/** A streamed answer that broke off (bad JSON, an error event, a dropped connection). */
export function streamBroken(provider: string, err: unknown): Error {
  const message = (err as Error)?.message ?? String(err);
  return AiAssistErrors.providerFailed(provider, undefined, `the answer broke off (${message.slice(0, 160)})`);
}
