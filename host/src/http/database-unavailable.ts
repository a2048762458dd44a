/**
 * Whether an error means the database cannot be reached right now (stopped, restarting, refusing
 * connections, or the pool could not get a connection in time), not that the request is wrong or the
 * code is broken: the client gets a 503 to retry, never a 500. Seen in the Postgres-restart drill
 * (tests/cluster/postgres-restart.test.ts): before, every request during a restart answered 500.
 */
const ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections). */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
/** node-postgres and knex say these in words, with no code. */
const MESSAGES =
  /connection terminated|terminating connection|Connection ended unexpectedly|Client has encountered a connection error|timeout exceeded when trying to connect|Timeout acquiring a connection/i;

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (ERRNOS.has(e.code) || SQLSTATE.test(e.code))) return true;
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
