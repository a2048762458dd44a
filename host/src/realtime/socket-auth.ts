import type { AuthRuntime } from '../auth/auth-runtime.js';
import { USER_AUDIENCE, VISITOR_AUDIENCE } from '../auth/access-tokens.js';
import { getUserRow, isUuid } from '../auth/users-repo.js';
import { siteAllowsOrigin } from '../security/site-keys.js';
import type { AgentPrincipal, SocketAuthenticator, VisitorPrincipal } from './realtime-hub.js';

/**
 * Handshake checks with the auth module's keys and deny-list, the same as its route guard: an
 * agent's access token (signature by kid, audience, expiry, not revoked, user still enabled with
 * the same token version); a visitor token whose site key still exists, from an origin the site
 * lists (when the browser sends one), with an identity when the site requires it.
 */
export function socketAuthenticator(runtime: () => AuthRuntime): SocketAuthenticator {
  return {
    async agent(token) {
      const rt = runtime();
      const p = rt.verifiedTokens.verify(rt.keys, token, USER_AUDIENCE, rt.config.accessTokenTtl);
      if (!isUuid(p.sub) || !isUuid(p.tid) || typeof p.jti !== 'string') throw new Error('bad claims');
      if (await rt.revocations.isRevoked(p.jti)) throw new Error('revoked');
      const row = await getUserRow(rt.knex, p.tid, p.sub);
      if (!row || row.disabled_at || row.token_version !== p.ver) throw new Error('user gone or tokens revoked');
      return { kind: 'agent', tenantId: row.tenant_id, userId: row.id, role: row.role } satisfies AgentPrincipal;
    },
    async visitor(token, origin?: string) {
      const rt = runtime();
      const p = rt.verifiedTokens.verify(rt.keys, token, VISITOR_AUDIENCE, rt.config.visitorTokenTtl);
      if (!isUuid(p.sub) || !isUuid(p.tid) || typeof p.sk !== 'string' || typeof p.jti !== 'string') throw new Error('bad claims');
      if (await rt.revocations.isRevoked(p.jti)) throw new Error('revoked');
      const site = await rt.siteKeys.find(p.sk);
      if (!site || site.tenant_id !== p.tid) throw new Error('site key gone');
      if (origin && !siteAllowsOrigin(site, origin)) throw new Error('origin not allowed');
      const uid = typeof p.uid === 'string' ? p.uid : undefined;
      if (site.identity_required && !uid) throw new Error('identity required');
      const principal: VisitorPrincipal = { kind: 'visitor', tenantId: p.tid, visitorId: p.sub, siteKey: site.key };
      if (uid) principal.identity = { userId: uid, verified: true };
      return principal;
    },
  };
}
