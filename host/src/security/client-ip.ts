import type { Context, Middleware } from 'koa';
import { parseIp } from './cidr.js';

/**
 * The client's address. Behind `trustedProxies` proxies, each appending the address it saw to
 * X-Forwarded-For, the client is the entry that many hops from the right; the header is ignored
 * entirely when no proxy is trusted, and entries a client wrote itself (left of the trusted ones)
 * never count.
 */
export function clientIp(
  ctx: Pick<Context, 'get'> & { socket?: { remoteAddress?: string }; req: { socket: { remoteAddress?: string } } },
  trustedProxies: number,
): string {
  const peer = ctx.req.socket.remoteAddress ?? '';
  const hops =
    trustedProxies > 0
      ? ctx
          .get('x-forwarded-for')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  const chain = [...hops, peer];
  const picked = chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? peer;
  const addr = parseIp(picked);
  return addr ? addr.toString() : normalise(peer);
}

function normalise(ip: string): string {
  const addr = parseIp(ip);
  return addr ? addr.toString() : ip;
}

/** Puts the client address in `ctx.state.clientIp` for every later middleware, log line and audit row. */
export function clientIpMiddleware(trustedProxies: number): Middleware {
  return async (ctx, next) => {
    ctx.state.clientIp = clientIp(ctx, trustedProxies);
    return next();
  };
}
