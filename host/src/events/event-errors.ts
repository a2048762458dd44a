import { Conflict, Invalid, NotFound } from '@bacon/sdk';

/** Errors of the durable event stream and its admin API: the SDK's common codes with their own messages. */
export const EventErrors = {
  parkedNotFound: (details?: unknown) => NotFound('No such parked event.', details),
  invalidEvent: (details?: unknown) => Invalid('An appended event needs a topic, a tenantId and a JSON payload.', details),
  invalidConsumer: (details?: unknown) =>
    Invalid('A consumer needs a name (letters, digits, . _ : -), one or more topic patterns, and 1 to 64 partitions.', details),
  duplicateConsumer: (details?: unknown) => Conflict('This host already runs a consumer with that name.', details),
};
