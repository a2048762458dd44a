import { timingSafeEqual, createHash } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { HealthErrors } from './health-errors.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A caller on this machine that came through no proxy: the socket's own peer, not X-Forwarded-For. */
function directLoopback(ctx: Context): boolean {
  return LOOPBACK.test(ctx.req.socket.remoteAddress ?? '') && !ctx.get('x-forwarded-for') && !ctx.get('forwarded');
}

/**
 * Who may read `/metrics`: with `BACON_METRICS_TOKEN` set, a caller presenting it as a bearer
 * token; without, only a direct loopback caller (a local Prometheus or agent), so a host listening
 * on 0.0.0.0, or behind a proxy on the same machine, does not publish its internals.
 */
export function metricsGuard(token: string | undefined): Middleware {
  return async (ctx, next) => {
    if (token) {
      const m = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
      if (!m || !timingSafeEqual(digest(m[1]!), digest(token))) {
        ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
        throw HealthErrors.metricsTokenRequired();
      }
    } else if (!directLoopback(ctx)) {
      throw HealthErrors.metricsLocalOnly();
    }
    return next();
  };
}
