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
      .map((e) => ({ field: e.field, message: String(e.message ?? 'is invalid'), ...(e.params ? { params: e.params } : {}) }));
  }
}

/** Builds an ApiError from a response body, whatever it holds. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  if (err && typeof err.code === 'string') return new ApiError(status, err.code, err.message ?? err.code, err.details);
  return new ApiError(status, status >= 500 ? 'internal_error' : 'http_error', `The server answered ${status}.`);
}

export function networkError(cause: unknown): ApiError {
  const err = new ApiError(0, 'network_error', 'Bacon cannot be reached. Check your connection.');
  (err as { cause?: unknown }).cause = cause;
  return err;
}

/** A message fit to show a person: the server's text, or a plain explanation. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
