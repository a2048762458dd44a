import type { Middleware } from 'koa';
import { isBaconError } from '@bacon/sdk';
import { HostErrors } from './errors.js';
import { fromDatabaseError } from './database-errors.js';

interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  code?: string;
  type?: string;
}

/**
 * Maps every thrown error to `{error:{code,message,details?}}`. Bacon errors pass through with
 * their code; database errors caused by the input (a unique-key race, a malformed value) become
 * their 4xx (see database-errors.ts); errors marked `expose` (http-errors) keep their status and message; anything else
 * becomes a plain 500 whose details go to the log with the request id, never to the client.
 */
export function errorMiddleware(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw HostErrors.routeNotFound({ method: ctx.method, path: ctx.path });
    } catch (err) {
      let status = 500;
      let body: { code: string; message: string; details?: unknown };
      const known = isBaconError(err) ? err : fromDatabaseError(err);
      if (known) {
        status = known.status;
        body = known.toJSON();
        if (known !== err) ctx.state.log?.warn({ err }, 'database refused the input');
      } else {
        const e = (err ?? {}) as HttpishError;
        const s = e.status ?? e.statusCode;
        if (s && s >= 400 && s < 500 && e.expose !== false) {
          status = s;
          body = { code: e.code && /^[a-z_]+$/.test(e.code) ? e.code : httpCode(s), message: e.message ?? 'Bad request' };
        } else {
          body = { ...HostErrors.internal({ requestId: ctx.state.requestId }).toJSON() };
        }
      }
      if (status >= 500) ctx.state.log?.error({ err, status }, 'request failed');
      else ctx.state.log?.debug({ code: body.code, status }, 'request refused');
      ctx.status = status;
      ctx.body = { error: body };
      if (status === 429 && (err as { retryAfter?: number }).retryAfter) ctx.set('Retry-After', String((err as { retryAfter: number }).retryAfter));
    }
  };
}

function httpCode(status: number): string {
  const map: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'rate_limited' };
  return map[status] ?? 'bad_request';
}
