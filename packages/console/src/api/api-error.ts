import { t, tn } from '../i18n/i18n.js';

/** One field the server refused: `field` is `body/name` style (the part of the request, then the path). */
export interface FieldError {
  field: string;
  message: string;
  /** The validator's keyword parameters (`missingProperty`...), when given. */
  params?: Record<string, unknown>;
}

/** An error answered by the API (`{error:{code,message,details}}`) or a failure to reach it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** True when the request never got an answer (offline, host down): worth retrying later. */
  get isNetwork(): boolean {
    return this.status === 0;
  }

  get fieldErrors(): FieldError[] {
    const list = this.details?.errors;
    if (!Array.isArray(list)) return [];
    return list
      .filter((e): e is FieldError => !!e && typeof e.field === 'string')
      .map((e) => ({ field: e.field, message: String(e.message ?? t('api.isInvalid')), ...(e.params ? { params: e.params } : {}) }));
  }
}

/** Builds an ApiError from a response body, whatever it holds. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  if (err && typeof err.code === 'string') return new ApiError(status, err.code, err.message ?? err.code, err.details);
  return new ApiError(status, status >= 500 ? 'internal_error' : 'http_error', t('api.serverAnswered', { status }));
}

export function networkError(cause: unknown): ApiError {
  const err = new ApiError(0, 'network_error', t('api.network'));
  (err as { cause?: unknown }).cause = cause;
  return err;
}

/** How long to wait, in the console's language: `30 seconds`, `2 minutes`, `1 hour`. */
function waitWords(seconds: number): string {
  if (seconds < 60) return tn('api.seconds', seconds);
  if (seconds < 3600) return tn('api.minutes', Math.ceil(seconds / 60));
  return tn('api.hours', Math.ceil(seconds / 3600));
}

/**
 * A message fit to show a person, in the console's language when the console wrote it (no connection,
 * an answer that is not the API's shape, the sign-in rate limit's wait); otherwise the server's text.
 */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.isNetwork) return t('api.network');
    const retryAfter = err.details?.retryAfter;
    if (err.code === 'rate_limited' && typeof retryAfter === 'number' && retryAfter > 0)
      return t('api.tryAgainIn', { wait: waitWords(retryAfter) });
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return t('api.somethingWrong');
}
