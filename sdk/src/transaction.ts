import type { Knex } from 'knex';

/**
 * Errors after which running the same work again may succeed: the database was momentarily
 * unreachable or refused the transaction, never "your query is wrong". One list for the whole
 * project: the host's connection handling and every plugin's transactions use it.
 */
const TRANSIENT_CODES = new Set([
  // Concurrency: Postgres aborted the transaction; running it again from the start is the remedy.
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (a NOWAIT or lock_timeout lock)
  // The server is going away or not there yet.
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53300', // too_many_connections
  // Connection exceptions (class 08).
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  // Node socket errors from the driver.
  'ECONNREFUSED', // nothing listens (yet)
  'ECONNRESET', // the peer dropped the connection
  'ETIMEDOUT', // connect or read timed out
  'EPIPE', // wrote to a closed socket
  'EAI_AGAIN', // DNS lookup failed for now
  'ENOTFOUND', // DNS has no answer (yet: a container that is starting)
  'EHOSTUNREACH', // no route to the host (yet)
]);

/** Driver messages without a code that mean the same: the connection died or never came. */
const TRANSIENT_MESSAGE = /Connection terminated|connection timeout|timeout exceeded when trying to connect/i;

/** True for errors after which the same work may be run again (see the list above). */
export function isTransientDbError(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown; message?: unknown } | null | undefined;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  // knex could not get a pooled connection in time.
  if (e.name === 'KnexTimeoutError') return true;
  return typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message);
}

export interface RetryOptions {
  /** Runs again at most this many times after the first try (default 7). */
  retries?: number;
  /** First delay's ceiling in ms (default 10); it doubles with each retry. */
  baseMs?: number;
  /** Cap of the delay in ms (default 500). */
  maxMs?: number;
  /** Which errors are worth another try (default `isTransientDbError`). */
  isRetryable?: (err: unknown) => boolean;
  /** Told before each wait, e.g. to log it. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/** Delay before retry `attempt` (1-based): exponential, capped, with jitter in the upper half. */
export function backoffDelay(attempt: number, baseMs = 100, maxMs = 5000, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Runs `fn`, and again on retryable failures with capped exponential backoff. `fn` must be safe to
 * repeat: a read, a whole transaction, or work made idempotent by a key.
 */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const retries = opts.retries ?? 7;
  const retryable = opts.isRetryable ?? isTransientDbError;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt > retries || !retryable(err)) throw err;
      const delay = backoffDelay(attempt, opts.baseMs ?? 10, opts.maxMs ?? 500);
      opts.onRetry?.(err, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Runs `fn` in one transaction, and the whole transaction again from the start on serialization
 * failures, deadlocks and dropped connections: `fn` must only touch the database through `trx` and
 * keep its side effects (events, calls) for after the commit. Inside an open transaction (`db` is a
 * `Knex.Transaction`) it runs `fn` in a savepoint once: the outer transaction owns the retry.
 */
export async function inTransactionWithRetry<T>(db: Knex, fn: (trx: Knex.Transaction) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  if ((db as Knex & { isTransaction?: boolean }).isTransaction) return db.transaction(fn);
  return withRetry(() => db.transaction(fn), opts);
}
