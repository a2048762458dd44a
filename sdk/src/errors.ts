/**
 * Errors a plugin (or the host) throws on purpose. Each carries a stable machine-readable `code`,
 * an HTTP `status`, optional `details`, and whether a retry could succeed. The host maps them to
 * `{error:{code,message,details}}`; anything else becomes a plain 500 with a request id.
 *
 * Every owner (the kernel's modules, each plugin) declares its codes once, in its own errors file,
 * with `defineErrors` (in the style of Fastify's `createError(code, message, status)`).
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

/** One error of a catalog: its stable code, HTTP status, default message and whether a retry may succeed. */
export interface ErrorSpec<D = unknown> {
  /** snake_case, unique across the whole installation (a test checks it for the project). */
  code: string;
  /** 4xx for the caller's mistakes, 5xx for ours or a dependency's. */
  status: number;
  /** Safe to show the caller. A function builds it from the details. */
  message: string | ((details: D) => string);
  retryable?: boolean;
}

/** Makes the error; `message` replaces the catalog's default for this one throw. */
export interface ErrorFactory<D = unknown> {
  (...args: unknown extends D ? [details?: D, message?: string] : [details: D, message?: string]): BaconError;
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  /** Whether `err` is this error (by code, so it works across realms and copies). */
  is(err: unknown): err is BaconError;
}

type DetailsOf<S> = S extends { message: (details: infer D) => string } ? D : unknown;

export type ErrorCatalog<T extends Record<string, ErrorSpec<any>>> = { readonly [K in keyof T]: ErrorFactory<DetailsOf<T[K]>> };

/** What a catalog declares, for tests and generated docs. */
export interface ErrorCatalogInfo {
  owner: string;
  errors: { name: string; code: string; status: number; message: string; retryable: boolean }[];
}

const CATALOG = Symbol.for('bacon.errorCatalog');
const CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * Declares an owner's errors once and returns one typed factory per entry:
 *
 * ```ts
 * export const OrderErrors = defineErrors('acme-orders', {
 *   orderNotFound: { code: 'order_not_found', status: 404, message: 'No such order.' },
 *   shopDown: { code: 'shop_unavailable', status: 503, message: 'The shop is not answering.', retryable: true },
 * });
 * throw OrderErrors.orderNotFound({ orderId });
 * ```
 * A code that is not snake_case, a status outside 400-599 or a code used twice in one catalog
 * throws at once (when the module loads).
 */
export function defineErrors<const T extends Record<string, ErrorSpec<any>>>(owner: string, specs: T): ErrorCatalog<T> {
  if (!owner || typeof owner !== 'string') throw new TypeError('defineErrors: the owner must be a non-empty string');
  const seen = new Map<string, string>();
  const catalog: Record<string, ErrorFactory<any>> = {};
  const info: ErrorCatalogInfo = { owner, errors: [] };
  for (const [name, spec] of Object.entries(specs)) {
    const where = `defineErrors(${owner}).${name}`;
    if (!CODE.test(spec.code)) throw new TypeError(`${where}: code "${spec.code}" is not snake_case`);
    if (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599)
      throw new TypeError(`${where}: status ${spec.status} is not 4xx or 5xx`);
    const twin = seen.get(spec.code);
    if (twin) throw new TypeError(`${where}: code "${spec.code}" is already declared by ${twin}`);
    seen.set(spec.code, name);
    catalog[name] = factory(spec);
    const message = typeof spec.message === 'string' ? spec.message : `(built from the details)`;
    info.errors.push({ name, code: spec.code, status: spec.status, message, retryable: spec.retryable ?? false });
  }
  Object.defineProperty(catalog, CATALOG, { value: info, enumerable: false });
  return Object.freeze(catalog) as ErrorCatalog<T>;
}

function factory<D>(spec: ErrorSpec<D>): ErrorFactory<D> {
  const { code, status } = spec;
  const retryable = spec.retryable ?? false;
  const make = (details?: D, message?: string): BaconError =>
    new BaconError({
      code,
      status,
      retryable,
      details,
      message: message ?? (typeof spec.message === 'string' ? spec.message : spec.message(details as D)),
    });
  const is = (err: unknown): err is BaconError => isBaconError(err) && err.code === code;
  return Object.assign(make, { code, status, retryable, is }) as ErrorFactory<D>;
}

/** Whether `value` was made by `defineErrors`. */
export function isErrorCatalog(value: unknown): boolean {
  return typeof value === 'object' && value !== null && CATALOG in value;
}

/** The owner and entries of a catalog made by `defineErrors`. */
export function describeErrors(catalog: object): ErrorCatalogInfo {
  const info = (catalog as { [CATALOG]?: ErrorCatalogInfo })[CATALOG];
  if (!info) throw new TypeError('describeErrors: not a catalog made by defineErrors');
  return { owner: info.owner, errors: info.errors.map((e) => ({ ...e })) };
}

/** The generic codes every owner may throw: pass a specific message (and details). */
export const CommonErrors = defineErrors('common', {
  invalid: { code: 'invalid_input', status: 400, message: 'The input is not valid.' },
  invalidCursor: { code: 'invalid_cursor', status: 400, message: 'The cursor is not valid.' },
  unauthorized: { code: 'unauthorized', status: 401, message: 'Authentication required.' },
  forbidden: { code: 'forbidden', status: 403, message: 'Not allowed.' },
  notFound: { code: 'not_found', status: 404, message: 'Not found.' },
  conflict: { code: 'conflict', status: 409, message: 'The object is in a state that forbids this change.' },
  unprocessable: { code: 'unprocessable', status: 422, message: 'The request is well-formed but refused.' },
  rateLimited: { code: 'rate_limited', status: 429, message: 'Too many requests; slow down.', retryable: true },
  unavailable: { code: 'unavailable', status: 503, message: 'A dependency is unavailable; retry later.', retryable: true },
});

/**
 * `Invalid(message, details?)` and friends: the common codes with a message of the caller's.
 * The third argument (a custom code) is kept for published plugins; declare such codes in your own
 * catalog with `defineErrors` instead.
 */
function common(f: ErrorFactory) {
  return (message: string, details?: unknown, code?: string): BaconError =>
    code === undefined ? f(details, message) : new BaconError({ code, message, status: f.status, details, retryable: f.retryable });
}

/** 400: the input is malformed or fails its schema. */
export const Invalid = common(CommonErrors.invalid);
/** 401: no or bad credentials. */
export const Unauthorized = common(CommonErrors.unauthorized);
/** 403: authenticated but not allowed. */
export const Forbidden = common(CommonErrors.forbidden);
/** 404: no such object (or not visible to this tenant). */
export const NotFound = common(CommonErrors.notFound);
/** 409: the object's state forbids the change. */
export const Conflict = common(CommonErrors.conflict);
/** 422: well-formed but semantically refused. */
export const Unprocessable = common(CommonErrors.unprocessable);
/** 429: slow down. */
export const RateLimited = common(CommonErrors.rateLimited);
/** 503: a dependency is unavailable; retrying later may work. */
export const Unavailable = common(CommonErrors.unavailable);
