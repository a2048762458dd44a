import { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import { defineModule } from '../kernel/host-module.js';
import { defineService } from '../kernel/service-ref.js';
import type { PluginAudit, PluginDirectory, PluginRateLimits, PluginSiteKeys, PluginVisitorSessions } from '@bacon/sdk';
import { visitorSessions } from '../security/visitor-sessions.js';
import { siteKeyForOrigin } from '../security/site-key-for-origin.js';
import { redisOptions } from '../bus/index.js';
import { AuthRuntimeSlot, authService, type AuthRuntime } from './auth-runtime.js';
import { authGuard } from './auth-guard.js';
import { loadJwtKeys } from './jwt-keys.js';
import { VerifiedTokens } from './verified-tokens.js';
import { Revocations } from './revocations.js';
import { firstBoot, announceAdmin } from './first-boot.js';
import { userDirectory } from './directory.js';
import { watchKeyHealth } from './key-health.js';
import { watchSecretHealth } from '../security/secret-health.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerUserRoutes } from './user-routes.js';
import { registerProfileRoutes } from './profile-routes.js';
import { globalIpRules, installSecurityMiddleware, registerSecurityRoutes, rateRules } from '../security/index.js';
import { RateLimits } from '../security/rate-limits.js';
import { TenantIpRules } from '../security/tenant-ip-rules.js';
import { SiteKeys } from '../security/site-keys.js';
import { SitePaths } from '../security/site-paths.js';
import { auditService } from '../security/audit-log.js';

/** A tenant's users, for plugins (assignment, mentions). */
export const directoryService = defineService<PluginDirectory>('directory');
/** The admin audit trail, for plugins and kernel modules. */
export const auditTrailService = defineService<PluginAudit>('audit');
/** Named rate limits on the auth module's store (memory, or Redis when REDIS_URL is set). */
export const rateLimitsService = defineService<PluginRateLimits>('rateLimits');
/** Site keys for development pages that embed a site's client (a demo page). */
export const siteKeysService = defineService<PluginSiteKeys>('siteKeys');
/** Visitor sessions of site keys (signed config, visitor tokens), for the plugin that mounts their routes. */
export const visitorSessionsService = defineService<PluginVisitorSessions>('visitorSessions');

/**
 * Auth, roles, tenants and the security middleware, as kernel equipment. `setup` installs the
 * security middleware, the route guard and the routes; `start` loads the keys, runs first boot and
 * provides `auth` (keys, site keys, rate limits: for other kernel modules), `directory` and `audit`.
 */
export function authModule(_config?: Readonly<Config>) {
  const slot = new AuthRuntimeSlot();
  const sitePaths = new SitePaths();
  const timers: NodeJS.Timeout[] = [];
  let redis: Redis | undefined;

  return defineModule({
    name: 'auth',
    provides: {
      auth: authService,
      directory: directoryService,
      audit: auditTrailService,
      rateLimits: rateLimitsService,
      siteKeys: siteKeysService,
      visitorSessions: visitorSessionsService,
    },
    setup({ app, routes, config }) {
      installSecurityMiddleware(app, slot, config, sitePaths);
      routes.setAuthGuard(authGuard(slot));
      registerAuthRoutes(routes, slot);
      registerUserRoutes(routes, slot);
      registerProfileRoutes(routes, slot);
      registerSecurityRoutes(routes, slot);
    },
    async start(services) {
      const { config, log, db, bus } = services;
      const ipRules = globalIpRules(config);
      const keys = await loadJwtKeys(config);
      if (config.redisUrl) {
        redis = new Redis(config.redisUrl, redisOptions('auth'));
        redis.on('error', () => undefined);
        await redis
          .connect()
          .catch((err: Error) =>
            log.warn(
              { err: err.message },
              'auth: Redis not reachable at boot; rate limits and the deny-list fall back to memory and the database',
            ),
          );
      }
      const knex = db.knex;
      const audit = auditService(() => knex);
      const boot = await firstBoot(knex, config, log).catch(async (err: unknown) => {
        redis?.disconnect();
        throw err;
      });
      announceAdmin(boot, config);
      const rt: AuthRuntime = {
        config,
        log: log.child({ module: 'auth' }),
        knex,
        keys,
        revocations: new Revocations(knex, redis, config.redisPrefix, bus),
        verifiedTokens: new VerifiedTokens(),
        limits: new RateLimits(rateRules(config), redis, config.redisPrefix),
        ipRules: new TenantIpRules(knex, bus),
        siteKeys: new SiteKeys(knex, bus),
        audit,
        globalIpRules: ipRules,
        sitePaths,
        defaultTenantId: boot.tenantId,
        redis,
      };
      slot.current = rt;
      timers.push(await watchKeyHealth(rt, services.metrics, services.readiness));
      timers.push(await watchSecretHealth(rt, services.metrics));
      const purge = setInterval(() => void rt.revocations.purgeExpired().catch(() => undefined), 3600_000);
      purge.unref();
      timers.push(purge);
      const rateLimits: PluginRateLimits = {
        define: (name, rule) => rt.limits.define(name, rule),
        consume: (name, key) => rt.limits.consume(name, key),
      };
      const siteKeys: PluginSiteKeys = {
        async forOrigin(origin, name) {
          const site = await siteKeyForOrigin(knex, origin, name);
          // Other hosts cache site keys: tell them the list changed.
          if (site) await rt.siteKeys.changed(site.tenantId);
          return site;
        },
      };
      return { auth: rt, directory: userDirectory(() => knex), audit, rateLimits, siteKeys, visitorSessions: visitorSessions(() => rt) };
    },
    async stop() {
      for (const t of timers.splice(0)) clearInterval(t);
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  });
}
