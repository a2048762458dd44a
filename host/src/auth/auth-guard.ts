import koaJwt from 'koa-jwt';
import type { Context, Middleware } from 'koa';
import { Forbidden, Unauthorized } from '@bacon/sdk';
import type { AuthGuard, RouteAuth } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from './auth-runtime.js';
import { JWT_ALGORITHMS, JWT_ISSUER, USER_AUDIENCE, keyFor, tokenTimeProblem, type AccessClaims } from './access-tokens.js';
import { getUserRow, isUuid, toAuthUser } from './users-repo.js';
import { authenticateVisitor } from './visitor-auth.js';
import { enforceTenantIpRules } from '../security/ip-filter.js';

type Reason = 'missing_token' | 'invalid_token' | 'token_expired' | 'token_revoked' | 'user_gone';

export function unauthorized(reason: Reason) {
  const message = {
    missing_token: 'Authentication required: send Authorization: Bearer <access token>.',
    invalid_token: 'The access token is invalid.',
    token_expired: 'The access token has expired; refresh it.',
    token_revoked: 'The access token was revoked; log in again.',
    user_gone: 'This account no longer exists or is disabled.',
  }[reason];
  return Unauthorized(message, { reason });
}

const isClaims = (p: Record<string, unknown>): p is AccessClaims & Record<string, unknown> =>
  isUuid(p.sub) && isUuid(p.tid) && (p.role === 'admin' || p.role === 'agent') && typeof p.jti === 'string' && Number.isInteger(p.ver);

/**
 * The route guard the registry runs before every handler. `agent`/`admin`: a JWT verified by koa-jwt
 * the first time this host sees it (algorithms pinned, key chosen by `kid`, audience, issuer and times
 * checked), then answered from `VerifiedTokens` until it expires; the jti deny-list asked on every
 * request, a user that still exists with the same token version, the role (admin implies
 * agent), the tenant's IP rules and the per-user rate limit. `visitor`: a site visitor's token.
 * Sets `ctx.state.user` / `ctx.state.visitor` and `ctx.state.tenantId`.
 */
export function authGuard(slot: AuthRuntimeSlot): AuthGuard {
  const verifyJwt = koaJwt({
    // koa-jwt's types predate KeyObject secrets; jsonwebtoken 9 accepts them.
    secret: (async (header: { alg?: string; kid?: string }) => keyFor(slot.get().keys, header)) as unknown as (header: {
      alg?: string;
      kid?: string;
    }) => Promise<Buffer>,
    algorithms: JWT_ALGORITHMS,
    audience: USER_AUDIENCE,
    issuer: JWT_ISSUER,
    key: 'jwtPayload',
    passthrough: true,
  });

  /** The token's claims: from the cache when this host verified it before, else through koa-jwt (then cached). */
  async function verified(ctx: Context, token: string): Promise<Readonly<Record<string, unknown>>> {
    const rt = slot.get();
    const hit = rt.verifiedTokens.cached(rt.keys, token, USER_AUDIENCE);
    if (hit) return hit;
    await verifyJwt(ctx, async () => undefined);
    const failure = ctx.state.jwtOriginalError as Error | undefined;
    const payload = ctx.state.jwtPayload as Record<string, unknown> | undefined;
    delete ctx.state.jwtPayload;
    delete ctx.state.jwtOriginalError;
    if (failure || !payload) throw unauthorized(failure?.name === 'TokenExpiredError' ? 'token_expired' : 'invalid_token');
    if (tokenTimeProblem(payload, rt.config.accessTokenTtl)) throw unauthorized('invalid_token');
    return rt.verifiedTokens.remember(rt.keys, token, USER_AUDIENCE, payload);
  }

  async function authenticateUser(ctx: Context, auth: RouteAuth): Promise<void> {
    const rt = slot.get();
    const m = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (!m) throw unauthorized('missing_token');
    const payload = await verified(ctx, m[1]!);
    if (!isClaims(payload)) throw unauthorized('invalid_token');
    // The deny-list is asked on every request, cached or not: a revocation takes effect at once.
    if (await rt.revocations.isRevoked(payload.jti)) throw unauthorized('token_revoked');
    const row = await getUserRow(rt.knex, payload.tid, payload.sub);
    if (!row || row.disabled_at) throw unauthorized('user_gone');
    if (row.token_version !== payload.ver) throw unauthorized('token_revoked');
    ctx.state.user = toAuthUser(row, payload.jti);
    ctx.state.tenantId = row.tenant_id;
    if (auth === 'admin' && row.role !== 'admin')
      throw Forbidden('This action needs the admin role.', { required: 'admin', role: row.role });
    await enforceTenantIpRules(rt, ctx, row.tenant_id);
    await rt.limits.consume('apiUser', row.id);
  }

  return (auth): Middleware =>
    async (ctx, next) => {
      if (auth === 'agent' || auth === 'admin') await authenticateUser(ctx, auth);
      else if (auth === 'visitor') await authenticateVisitor(slot.get(), ctx);
      else if (auth !== 'public') throw unauthorized('missing_token');
      return next();
    };
}
