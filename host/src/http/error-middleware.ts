import type { Middleware } from 'koa';
import { CommonErrors, isBaconError } from '@bacon/sdk';
import { HostErrors } from './errors.js';
import { fromDatabaseError } from './database-errors.js';
import { isDatabaseUnavailable } from './database-unavailable.js';

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
 * their 4xx (see database-errors.ts); a database that cannot be reached is a 503 `database_unavailable`
 * with Retry-After (see database-unavailable.ts); errors marked `expose` (http-errors) keep their status and message; anything else
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
      } else if (isDatabaseUnavailable(err)) {
        status = 503;
        body = HostErrors.databaseUnavailable().toJSON();
        ctx.set('Retry-After', '2');
        ctx.state.log?.warn({ err: (err as Error).message }, 'database unavailable');
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
      if (status >= 500 && body.code !== HostErrors.databaseUnavailable.code) ctx.state.log?.error({ err, status }, 'request failed');
      else ctx.state.log?.debug({ code: body.code, status }, 'request refused');
      ctx.status = status;
      ctx.body = { error: body };
      if (status === 429 && (err as { retryAfter?: number }).retryAfter)
        ctx.set('Retry-After', String((err as { retryAfter: number }).retryAfter));
    }
  };
}

/** The code for an http-errors status without a code of its own: each one declared in a catalog. */
const HTTP_CODES: Record<number, string> = {
  400: HostErrors.badRequest.code,
  401: CommonErrors.unauthorized.code,
  403: CommonErrors.forbidden.code,
  404: CommonErrors.notFound.code,
  405: HostErrors.methodNotAllowed.code,
  409: CommonErrors.conflict.code,
  413: HostErrors.payloadTooLarge.code,
  415: HostErrors.unsupportedMediaType.code,
  429: CommonErrors.rateLimited.code,
};

function httpCode(status: number): string {
  return HTTP_CODES[status] ?? HostErrors.badRequest.code;
}
