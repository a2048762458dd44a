import type { Context } from 'koa';
import { randomUUID } from 'node:crypto';
import type { RouteRegistry } from '../http/route-registry.js';
import type { AuthRuntime, AuthRuntimeSlot } from '../auth/auth-runtime.js';
import { issueVisitorToken } from '../auth/visitor-auth.js';
import { enforceTenantIpRules } from './ip-filter.js';
import { siteAllowsOrigin } from './site-keys.js';
import type { SiteKeyRow } from './site-keys-repo.js';
import { signWidgetConfig, verifyIdentity, verifyWidgetConfig } from './widget-config.js';
import { SecurityErrors } from './security-errors.js';
import { AuthErrors } from '../auth/auth-errors.js';

const body = <T>(ctx: Context) => (ctx.request as unknown as { body: T }).body;
const SITE_KEY = { type: 'string', minLength: 10, maxLength: 80 };

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
 * The widget's entry points. `GET /widget/v1/config` answers the site's config signed with its
 * secret (HMAC, with an expiry); `POST /widget/v1/session` trades that signed config (plus, when
 * the customer's backend signed one, the visitor's identity) for a visitor token. Both check the
 * Origin against the site key and are rate limited per IP and per site key.
 */
export function registerWidgetSessionRoutes(routes: RouteRegistry, slot: AuthRuntimeSlot): void {
  const limit = async (rt: AuthRuntime, ctx: Context, site: string) => {
    await rt.limits.consume('widgetIp', `${site}:${ctx.state.clientIp as string}`);
    await rt.limits.consume('widgetSite', site);
  };

  routes.add({
    method: 'get',
    path: '/widget/v1/config',
    auth: 'public',
    summary: "A site's widget config, signed by the host (valid BACON_WIDGET_CONFIG_TTL seconds)",
    tags: ['widget'],
    schema: {
      query: { type: 'object', required: ['siteKey'], properties: { siteKey: SITE_KEY } },
      response: {
        200: {
          type: 'object',
          required: ['config', 'signed', 'expiresAt'],
          properties: { config: { type: 'object', required: ['sk', 'exp', 'identityRequired'] }, signed: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } },
        },
      },
    },
    handler: async (ctx) => {
      const rt = slot.get();
      const site = await siteFor(rt, ctx, (ctx.state.query as { siteKey: string }).siteKey);
      const exp = Math.floor(Date.now() / 1000) + rt.config.widgetConfigTtl;
      const config = { sk: site.key, exp, identityRequired: site.identity_required };
      ctx.set('Cache-Control', 'no-store');
      return { config, signed: signWidgetConfig(site.config_secret, config), expiresAt: new Date(exp * 1000).toISOString() };
    },
  });

  routes.add({
    method: 'post',
    path: '/widget/v1/session',
    auth: 'public',
    summary: 'Open a visitor session: signed config (+ identity) in, visitor token out',
    tags: ['widget'],
    schema: {
      body: {
        type: 'object',
        required: ['siteKey', 'config'],
        additionalProperties: false,
        properties: {
          siteKey: SITE_KEY,
          config: { type: 'string', minLength: 10, maxLength: 4000 },
          identity: { type: 'object', required: ['userId', 'hash'], additionalProperties: false, properties: { userId: { type: 'string', minLength: 1, maxLength: 200 }, hash: { type: 'string', maxLength: 128 } } },
        },
      },
      response: {
        201: {
          type: 'object',
          required: ['token', 'visitorId', 'expiresAt', 'identityVerified'],
          properties: { token: { type: 'string' }, visitorId: { type: 'string', format: 'uuid' }, expiresAt: { type: 'string', format: 'date-time' }, identityVerified: { type: 'boolean' } },
        },
      },
    },
    handler: async (ctx) => {
      const rt = slot.get();
      const b = body<{ siteKey: string; config: string; identity?: { userId: string; hash: string } }>(ctx);
      await limit(rt, ctx, b.siteKey);
      const site = await siteFor(rt, ctx, b.siteKey);
      const check = verifyWidgetConfig(site.config_secret, b.config, site.key);
      if (!check.ok) throw SecurityErrors.invalidWidgetConfig({ reason: `config_${check.reason}` });
      if (b.identity && !verifyIdentity(site.identity_secret, b.identity.userId, b.identity.hash)) {
        throw SecurityErrors.identityInvalid({ reason: 'identity_invalid' });
      }
      if (site.identity_required && !b.identity) throw AuthErrors.identityRequired({ reason: 'identity_required' });
      const visitorId = randomUUID();
      const t = issueVisitorToken(rt, site, { id: visitorId, identityUserId: b.identity?.userId });
      ctx.status = 201;
      ctx.set('Cache-Control', 'no-store');
      return { token: t.token, visitorId, expiresAt: t.expiresAt.toISOString(), identityVerified: !!b.identity };
    },
  });
}
