import type { Context } from 'koa';
import { Forbidden, Unauthorized, type AuthVisitor } from '@bacon/sdk';
import type { AuthRuntime } from './auth-runtime.js';
import { VISITOR_AUDIENCE, signToken, type SignedToken } from './access-tokens.js';
import type { SiteKeyRow } from '../security/site-keys-repo.js';
import { siteAllowsOrigin } from '../security/site-keys.js';
import { enforceTenantIpRules } from '../security/ip-filter.js';
import { isUuid } from './users-repo.js';

const refuse = (reason: string, message: string) => Unauthorized(message, { reason });

/**
 * Issues a visitor token for a site key: the one function that mints visitor sessions.
 * The caller (the visitor sessions service) has already checked the origin, the signed config and
 * the identity. Returns the token for `Authorization: Bearer` on `visitor` routes.
 */
export function issueVisitorToken(
  rt: Pick<AuthRuntime, 'keys' | 'config'>,
  site: Pick<SiteKeyRow, 'key' | 'tenant_id'>,
  visitor: { id: string; identityUserId?: string },
): SignedToken {
  const claims: Record<string, unknown> = { sub: visitor.id, tid: site.tenant_id, sk: site.key };
  if (visitor.identityUserId) claims.uid = visitor.identityUserId;
  return signToken(rt.keys, VISITOR_AUDIENCE, claims, rt.config.visitorTokenTtl);
}

/**
 * `visitor` routes: a valid visitor token whose site key still exists, called from an origin the
 * site lists (when the browser sends one), with a verified identity when the site requires it.
 */
export async function authenticateVisitor(rt: AuthRuntime, ctx: Context): Promise<void> {
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
  if (!m) throw refuse('missing_token', 'A visitor token is required.');
  let p: Readonly<Record<string, unknown>>;
  try {
    p = rt.verifiedTokens.verify(rt.keys, m[1]!, VISITOR_AUDIENCE, rt.config.visitorTokenTtl);
  } catch (err) {
    throw refuse(
      (err as Error).name === 'TokenExpiredError' ? 'token_expired' : 'invalid_token',
      'The visitor token is invalid or expired.',
    );
  }
  if (!isUuid(p.sub) || !isUuid(p.tid) || typeof p.sk !== 'string' || typeof p.jti !== 'string')
    throw refuse('invalid_token', 'The visitor token is invalid or expired.');
  if (await rt.revocations.isRevoked(p.jti)) throw refuse('token_revoked', 'The visitor session was revoked.');
  const site = await rt.siteKeys.find(p.sk);
  if (!site || site.tenant_id !== p.tid) throw refuse('site_key_gone', 'The site key of this session no longer exists.');
  const origin = ctx.get('origin');
  if (origin && !siteAllowsOrigin(site, origin))
    throw Forbidden('This origin is not allowed for the site key.', { reason: 'origin_not_allowed' });
  const uid = typeof p.uid === 'string' ? p.uid : undefined;
  if (site.identity_required && !uid) throw refuse('identity_required', 'This site requires a verified visitor identity.');
  const visitor: AuthVisitor = { id: p.sub, tenantId: p.tid, siteKey: site.key };
  if (uid) visitor.identity = { userId: uid, verified: true };
  ctx.state.visitor = visitor;
  ctx.state.tenantId = p.tid;
  await enforceTenantIpRules(rt, ctx, p.tid);
  await rt.limits.consume('apiVisitor', p.sub);
}
