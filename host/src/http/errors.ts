import { defineErrors } from '@bacon/sdk';

/**
 * The kernel's HTTP error catalog: one place defines each code, its message and its status.
 * Domain code throws the SDK helpers (NotFound, Invalid, Conflict, Forbidden...); these are the
 * kernel's own cases. `unauthorized` is the SDK's common code (`Unauthorized`).
 */
export const HostErrors = defineErrors('host', {
  badRequest: { code: 'bad_request', status: 400, message: 'Bad request.' },
  routeNotFound: { code: 'route_not_found', status: 404, message: 'No such route.' },
  methodNotAllowed: { code: 'method_not_allowed', status: 405, message: 'Method not allowed on this route.' },
  invalidJson: { code: 'invalid_json', status: 400, message: 'The request body is not valid JSON.' },
  payloadTooLarge: { code: 'payload_too_large', status: 413, message: 'The request body is too large.' },
  unsupportedMediaType: {
    code: 'unsupported_media_type',
    status: 415,
    message: 'Send the body as application/json (Content-Type: application/json).',
  },
  validationFailed: { code: 'validation_failed', status: 400, message: 'The request does not match the schema.' },
  invalidCharacters: {
    code: 'invalid_characters',
    status: 400,
    message: 'The input contains characters that cannot be stored (NUL or an unpaired surrogate).',
  },
  inputTooDeep: { code: 'input_too_deep', status: 400, message: 'The input is nested too deeply.' },
  alreadyExists: { code: 'already_exists', status: 409, message: 'An object with the same unique value already exists.' },
  referenceConflict: {
    code: 'reference_conflict',
    status: 409,
    message: 'The change refers to an object that does not exist (any more), or one that is still referred to.',
  },
  invalidValue: { code: 'invalid_value', status: 400, message: 'A value is out of range or of the wrong form for storage.' },
  shuttingDown: { code: 'shutting_down', status: 503, message: 'The server is shutting down; retry on another instance.', retryable: true },
  databaseUnavailable: {
    code: 'database_unavailable',
    status: 503,
    message: 'The database cannot be reached right now; retry in a few seconds.',
    retryable: true,
  },
  internal: { code: 'internal_error', status: 500, message: 'Internal server error.' },
  uiNotBuilt: { code: 'ui_not_built', status: 503, message: 'The UI is not built yet. Run "npm run build:ui".', retryable: true },
  mailNotConfigured: { code: 'mail_not_configured', status: 503, message: 'No SMTP server is configured (BACON_SMTP_URL).' },
});
