import type { Middleware } from 'koa';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logs/logger.js';

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (an incoming `X-Request-Id` is kept when well formed), echoes it in
 * the response, and puts a request-scoped child logger in `ctx.state.log`.
 */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = VALID_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    ctx.state.log = logger.child({ reqId: requestId });
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}
