import { BaconError } from '@bacon/sdk';

function define(code: string, status: number, message: string) {
  return (details?: unknown, override?: string): BaconError => new BaconError({ code, status, message: override ?? message, details });
}

/** Errors of the durable event stream and its admin API. */
export const EventErrors = {
  parkedNotFound: define('not_found', 404, 'No such parked event.'),
  invalidEvent: define('validation_failed', 400, 'An appended event needs a topic, a tenantId and a JSON payload.'),
  invalidConsumer: define('validation_failed', 400, 'A consumer needs a name (letters, digits, . _ -) and at least one topic pattern.'),
  duplicateConsumer: define('conflict', 409, 'This host already runs a consumer with that name.'),
};
