/**
 * How long a provider asks to wait before the next attempt, from its `Retry-After` header (seconds
 * or an HTTP date, RFC 9110 §10.2.3), in milliseconds; undefined when absent or unreadable. For
 * plugins' clients that back off on 429 and 503 (wait with `ctx.time.sleep`).
 */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Exponential backoff with jitter: about `baseMs * 2^attempt` (half to full), capped at `maxMs`. */
export function backoffMs(attempt: number, baseMs = 250, maxMs = 8000): number {
  return Math.min(maxMs, baseMs * 2 ** attempt) * (0.5 + Math.random() / 2);
}
