/**
 * Errors a plugin (or the host) throws on purpose. Each carries a stable machine-readable `code`,
 * an HTTP `status`, optional `details`, and whether a retry could succeed. The host maps them to
 * `{error:{code,message,details}}`; anything else becomes a plain 500 with a request id.
 */
export interface BaconErrorShape {
  code: string;
  message: string;
  status: number;
  details?: unknown;
  retryable?: boolean;
}

export class BaconError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;
  readonly retryable: boolean;
  /** Marks the message as safe to show to the caller. */
  readonly expose = true;
  readonly isBaconError = true;

  constructor(shape: BaconErrorShape) {
    super(shape.message);
    this.name = 'BaconError';
    this.code = shape.code;
    this.status = shape.status;
    this.details = shape.details;
    this.retryable = shape.retryable ?? false;
  }

  toJSON(): { code: string; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isBaconError(err: unknown): err is BaconError {
  return typeof err === 'object' && err !== null && (err as { isBaconError?: unknown }).isBaconError === true;
}

function maker(status: number, defaultCode: string, retryable = false) {
  return (message: string, details?: unknown, code: string = defaultCode): BaconError =>
    new BaconError({ code, message, status, details, retryable });
}

/** 400: the input is malformed or fails its schema. */
export const Invalid = maker(400, 'invalid_input');
/** 401: no or bad credentials. */
export const Unauthorized = maker(401, 'unauthorized');
/** 403: authenticated but not allowed. */
export const Forbidden = maker(403, 'forbidden');
/** 404: no such object (or not visible to this tenant). */
export const NotFound = maker(404, 'not_found');
/** 409: the object's state forbids the change. */
export const Conflict = maker(409, 'conflict');
/** 422: well-formed but semantically refused. */
export const Unprocessable = maker(422, 'unprocessable');
/** 429: slow down. */
export const RateLimited = maker(429, 'rate_limited', true);
/** 503: a dependency is unavailable; retrying later may work. */
export const Unavailable = maker(503, 'unavailable', true);
