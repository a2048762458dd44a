/** Error codes that mean "the database is (momentarily) unreachable", never "your query is wrong". */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53300', // too_many_connections
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
]);

export function isTransientDbError(err: unknown): boolean {
  const e = err as { code?: string; message?: string; name?: string } | undefined;
  if (!e) return false;
  if (e.code && TRANSIENT_CODES.has(e.code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(e.message ?? '');
}

export interface RetryOptions {
  retries: number;
  baseMs?: number;
  maxMs?: number;
  isRetryable?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/** Delay before retry `attempt` (1-based): exponential, capped, with full jitter. */
export function backoffDelay(attempt: number, baseMs = 100, maxMs = 5000, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Runs `fn`, retrying retryable failures with bounded exponential backoff and jitter. */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const retryable = opts.isRetryable ?? isTransientDbError;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt > opts.retries || !retryable(err)) throw err;
      const delay = backoffDelay(attempt, opts.baseMs, opts.maxMs);
      opts.onRetry?.(err, attempt, delay);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
