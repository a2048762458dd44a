import { defineErrors, isBaconError, NotFound, Unauthorized } from '@bacon/sdk';
import type { Logger } from '../logs/logger.js';
import { HostErrors } from '../http/errors.js';
import { isDatabaseUnavailable } from '../http/database-unavailable.js';

/** The codes only realtime throws. */
export const RealtimeErrorCatalog = defineErrors('realtime', {
  notJoined: { code: 'not_joined', status: 409, message: 'Join the room first (room:join).' },
});

/**
 * Errors a socket acknowledgement (or a refused handshake) carries: the HTTP codes (declared by the
 * SDK's common catalog and the host's) with realtime's messages, and realtime's own.
 */
export const RealtimeErrors = {
  unauthorized: (details?: unknown) => Unauthorized('Authentication required: pass a valid token in the handshake auth.', details),
  invalid: (details?: unknown) => HostErrors.validationFailed(details, 'The event does not match its schema.'),
  notFound: (details?: unknown) => NotFound('No such room.', details),
  notJoined: RealtimeErrorCatalog.notJoined,
};

export type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } };

/**
 * The failure acknowledgement for `err`: a BaconError's code and message; a database that cannot be
 * reached is `database_unavailable` (retry, as HTTP answers 503); anything else a plain internal error.
 */
export function toAck(err: unknown, log: Logger): Ack {
  if (isBaconError(err) && err.status < 500) return { ok: false, error: err.toJSON() };
  if (isDatabaseUnavailable(err)) {
    log.warn({ err }, 'realtime: the database cannot be reached');
    return { ok: false, error: HostErrors.databaseUnavailable().toJSON() };
  }
  log.error({ err }, 'realtime: event handler failed');
  return { ok: false, error: HostErrors.internal().toJSON() };
}
