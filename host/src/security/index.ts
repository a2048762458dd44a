import type Koa from 'koa';
import { ConfigError, type Config } from '../config/index.js';
import type { RouteRegistry } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from '../auth/auth-runtime.js';
import { parseCidr, type IpRuleSet } from './cidr.js';
import { clientIpMiddleware } from './client-ip.js';
import { globalIpFilter } from './ip-filter.js';
import { siteCors } from './cors.js';
import type { SitePaths } from './site-paths.js';
import { securityHeaders } from './security-headers.js';
import { parseRate, type RateRule } from './rate-limits.js';
import { registerIpRuleRoutes } from './ip-rule-routes.js';
import { registerSecretHealthRoutes } from './secret-health-routes.js';
import { registerSiteKeyRoutes } from './site-key-routes.js';
import { registerAuditRoutes } from './audit-routes.js';

export { clientIp } from './client-ip.js';
export { decideIp, parseCidr, parseIp } from './cidr.js';
export { RateLimits, parseRate, rateLimited, waitWords } from './rate-limits.js';
export { signSiteConfig, verifySiteConfig, identityHash, verifyIdentity } from './site-config.js';
export { API_CSP, PAGE_CSP, framedPageCsp, servedKind } from './security-headers.js';
export { SitePaths } from './site-paths.js';
export { siteAllowsOrigin, normaliseOrigin } from './site-keys.js';
export { recordAudit } from './audit-log.js';

/** The named rate rules, from the BACON_RATE_* variables. */
export function rateRules(config: Readonly<Config>): Record<string, RateRule> {
  return {
    loginIp: parseRate(config.rateLoginIp),
    loginEmail: parseRate(config.rateLoginEmail),
    apiUser: parseRate(config.rateApiUser),
    apiVisitor: parseRate(config.rateApiVisitor),
    apiIp: parseRate(config.rateApiIp),
    widgetSite: parseRate(config.rateWidgetSite),
    widgetIp: parseRate(config.rateWidgetIp),
  };
}

/** BACON_IP_ALLOW / BACON_IP_BLOCK, parsed at boot: a malformed entry stops the boot naming the variable. */
export function globalIpRules(config: Readonly<Config>): IpRuleSet {
  const parse = (name: string, list: string[]) =>
    list.map((text) => {
      const c = parseCidr(text);
      if (!c) throw new ConfigError(name, `has "${text}", which is not an IPv4 or IPv6 address or CIDR.`);
      return c;
    });
  return { allow: parse('BACON_IP_ALLOW', config.ipAllow ?? []), block: parse('BACON_IP_BLOCK', config.ipBlock ?? []) };
}

/**
 * The security middleware, in order: headers (on every answer, errors included), the client
 * address (trusted proxies only), the global IP lists, CORS on site paths, the per-IP rate limit.
 */
export function installSecurityMiddleware(app: Koa, slot: AuthRuntimeSlot, config: Readonly<Config>, sitePaths: SitePaths): void {
  app.use(securityHeaders(sitePaths));
  app.use(clientIpMiddleware(config.trustedProxies));
  app.use(globalIpFilter(() => slot.get().globalIpRules));
  app.use(siteCors(() => slot.get().siteKeys, sitePaths));
  app.use(async (ctx, next) => {
    await slot.get().limits.consume('apiIp', ctx.state.clientIp as string);
    return next();
  });
}

export function registerSecurityRoutes(routes: RouteRegistry, slot: AuthRuntimeSlot): void {
  registerIpRuleRoutes(routes, slot);
  registerSiteKeyRoutes(routes, slot);
  registerAuditRoutes(routes, slot);
  registerSecretHealthRoutes(routes, slot);
}
