import { BaconError, isBaconError } from '@bacon/sdk';
import type { Logger } from '../logs/logger.js';

function define(code: string, status: number, message: string) {
  return (details?: unknown): BaconError => new BaconError({ code, status, message, details });
}

/** Errors a socket acknowledgement (or a refused handshake) carries, with the HTTP codes' names. */
export const RealtimeErrors = {
  unauthorized: define('unauthorized', 401, 'Authentication required: pass a valid token in the handshake auth.'),
  invalid: define('validation_failed', 400, 'The event does not match its schema.'),
  notFound: define('not_found', 404, 'No such conversation.'),
  notJoined: define('not_joined', 409, 'Join the conversation first (conversation:join).'),
};

export type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } };

/** The failure acknowledgement for `err`: a BaconError's code and message, anything else a plain internal error. */
export function toAck(err: unknown, log: Logger): Ack {
  if (isBaconError(err) && err.status < 500) return { ok: false, error: err.toJSON() };
  log.error({ err }, 'realtime: event handler failed');
  return { ok: false, error: { code: 'internal_error', message: 'Internal server error.' } };
}
