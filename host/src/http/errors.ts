import { BaconError } from '@bacon/sdk';

/**
 * The kernel's error catalog: one place defines each code, its message and its status.
 * Domain code throws the SDK helpers (NotFound, Invalid, Conflict, Forbidden...); these are the
 * kernel's own cases.
 */
function define(code: string, status: number, message: string) {
  return (details?: unknown, overrideMessage?: string): BaconError =>
    new BaconError({ code, status, message: overrideMessage ?? message, details });
}

export const HostErrors = {
  routeNotFound: define('route_not_found', 404, 'No such route.'),
  methodNotAllowed: define('method_not_allowed', 405, 'Method not allowed on this route.'),
  invalidJson: define('invalid_json', 400, 'The request body is not valid JSON.'),
  payloadTooLarge: define('payload_too_large', 413, 'The request body is too large.'),
  unsupportedMediaType: define('unsupported_media_type', 415, 'Send the body as application/json (Content-Type: application/json).'),
  validationFailed: define('validation_failed', 400, 'The request does not match the schema.'),
  invalidCharacters: define('invalid_characters', 400, 'The input contains characters that cannot be stored (NUL or an unpaired surrogate).'),
  inputTooDeep: define('input_too_deep', 400, 'The input is nested too deeply.'),
  alreadyExists: define('already_exists', 409, 'An object with the same unique value already exists.'),
  referenceConflict: define('reference_conflict', 409, 'The change refers to an object that does not exist (any more), or one that is still referred to.'),
  invalidValue: define('invalid_value', 400, 'A value is out of range or of the wrong form for storage.'),
  unauthorized: define('unauthorized', 401, 'Authentication required.'),
  shuttingDown: define('shutting_down', 503, 'The server is shutting down; retry on another instance.'),
  internal: define('internal_error', 500, 'Internal server error.'),
};
