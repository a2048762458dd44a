import type { Context } from 'koa';
import { randomUUID } from 'node:crypto';
import type { PluginVisitorSessions } from '@bacon/sdk';
import type { AuthRuntime } from '../auth/auth-runtime.js';
import { issueVisitorToken } from '../auth/visitor-auth.js';
import { enforceTenantIpRules } from './ip-filter.js';
import { siteAllowsOrigin } from './site-keys.js';
import type { SiteKeyRow } from './site-keys-repo.js';
import { signSiteConfig, verifyIdentity, verifySiteConfig } from './site-config.js';
import { SecurityErrors } from './security-errors.js';
import { AuthErrors } from '../auth/auth-errors.js';

/** The site key named by the request, called from one of its origins; anything else is refused the same way. */
async function siteFor(rt: AuthRuntime, ctx: Context, key: string): Promise<SiteKeyRow> {
  const site = await rt.siteKeys.find(key);
  if (!site) throw SecurityErrors.invalidSiteKey({ reason: 'invalid_site_key' });
  // Browsers send no Origin on same-origin GETs; Sec-Fetch-Site (which pages cannot set) stands in for it.
  const origin = ctx.get('origin') || (ctx.get('sec-fetch-site') === 'same-origin' ? ctx.origin : '');
  if (!siteAllowsOrigin(site, origin)) throw SecurityErrors.originNotAllowed({ reason: 'origin_not_allowed' });
  await enforceTenantIpRules(rt, ctx, site.tenant_id);
  return site;
}

/**
 * A site's visitor sessions, as authentication equipment: the signed config (HMAC with the site's
 * secret, with an expiry) and the visitor token issued in exchange for it (plus, when the
 * customer's backend signed one, the visitor's identity). The routes that call it belong to a plugin.
 */
export function visitorSessions(rt: () => AuthRuntime): PluginVisitorSessions {
  // Handlers receive the Koa context behind the SDK's narrower HttpContext type.
  const koa = (http: unknown) => http as Context;
  return {
    async signedConfig(http, siteKey) {
      const site = await siteFor(rt(), koa(http), siteKey);
      const exp = Math.floor(Date.now() / 1000) + rt().config.widgetConfigTtl;
      const config = { sk: site.key, exp, identityRequired: site.identity_required };
      return { config, signed: signSiteConfig(site.config_secret, config), expiresAt: new Date(exp * 1000).toISOString() };
    },
    async open(http, input) {
      const site = await siteFor(rt(), koa(http), input.siteKey);
      const check = verifySiteConfig(site.config_secret, input.config, site.key);
      if (!check.ok) throw SecurityErrors.invalidWidgetConfig({ reason: `config_${check.reason}` });
      if (input.identity && !verifyIdentity(site.identity_secret, input.identity.userId, input.identity.hash)) {
        throw SecurityErrors.identityInvalid({ reason: 'identity_invalid' });
      }
      if (site.identity_required && !input.identity) throw AuthErrors.identityRequired({ reason: 'identity_required' });
      const visitorId = randomUUID();
      const t = issueVisitorToken(rt(), site, { id: visitorId, identityUserId: input.identity?.userId });
      return { token: t.token, visitorId, expiresAt: t.expiresAt.toISOString(), identityVerified: !!input.identity };
    },
  };
}
