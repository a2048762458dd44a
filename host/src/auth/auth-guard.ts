import type { Context, Middleware } from 'koa';
import { Forbidden, Unauthorized } from '@bacon/sdk';
import type { AuthGuard, RouteAuth } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from './auth-runtime.js';
import { USER_AUDIENCE, type AccessClaims } from './access-tokens.js';
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
 * The route guard the registry runs before every handler. `agent`/`admin`: a JWT verified once per
 * host and token (`VerifiedTokens`: algorithms pinned, key chosen by `kid`, audience, issuer and times
 * checked), the jti deny-list asked on every request, a user that still exists with the same token version, the role (admin implies
 * agent), the tenant's IP rules and the per-user rate limit. `visitor`: a site visitor's token.
 * Sets `ctx.state.user` / `ctx.state.visitor` and `ctx.state.tenantId`.
 */
export function authGuard(slot: AuthRuntimeSlot): AuthGuard {
  async function authenticateUser(ctx: Context, auth: RouteAuth): Promise<void> {
    const rt = slot.get();
    const m = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (!m) throw unauthorized('missing_token');
    let payload: Readonly<Record<string, unknown>>;
    try {
      // Signature, algorithm, audience, issuer and times; a token seen before is answered from the
      // cache until it expires (a key that left the ring or changed refuses the hit).
      payload = rt.verifiedTokens.verify(rt.keys, m[1]!, USER_AUDIENCE, rt.config.accessTokenTtl);
    } catch (err) {
      throw unauthorized((err as Error).name === 'TokenExpiredError' ? 'token_expired' : 'invalid_token');
    }
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
