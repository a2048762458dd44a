import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { PluginAudit } from '@bacon/sdk';
import type { Config } from '../config/index.js';
import type { Logger } from '../logs/logger.js';
import type { JwtKeyRing } from './jwt-keys.js';
import type { Revocations } from './revocations.js';
import type { VerifiedTokens } from './verified-tokens.js';
import type { RateLimits } from '../security/rate-limits.js';
import type { TenantIpRules } from '../security/tenant-ip-rules.js';
import type { SiteKeys } from '../security/site-keys.js';
import type { IpRuleSet } from '../security/cidr.js';
import type { SitePaths } from '../security/site-paths.js';
import { defineService, type ServiceRef } from '../kernel/service-ref.js';

/** What the auth module holds once started; middleware and routes read it per request. */
export interface AuthRuntime {
  config: Readonly<Config>;
  log: Logger;
  knex: Knex;
  keys: JwtKeyRing;
  revocations: Revocations;
  /** Tokens verified before, until they expire (the deny-list is still asked on every request). */
  verifiedTokens: VerifiedTokens;
  limits: RateLimits;
  ipRules: TenantIpRules;
  siteKeys: SiteKeys;
  audit: PluginAudit;
  /** BACON_IP_ALLOW / BACON_IP_BLOCK, parsed. */
  globalIpRules: IpRuleSet;
  /** Path prefixes sites call cross-origin (CORS by site key, framing); publicRoutes adds to it. */
  sitePaths: SitePaths;
  /** The tenant first boot created. */
  defaultTenantId: string;
  redis?: Redis;
}

/** Filled by `start`; the middleware the auth module installs in `setup` reads it through `get()`. */
export class AuthRuntimeSlot {
  current?: AuthRuntime;

  get(): AuthRuntime {
    if (!this.current) throw new Error('auth module not started');
    return this.current;
  }
}

/** The auth module's runtime, for the kernel modules that verify tokens or read site keys (realtime). */
export const authService = defineService<AuthRuntime>('auth');

/** The auth runtime of a started host (test helpers): `authRuntime(host)`. */
export function authRuntime(host: { service<T>(ref: ServiceRef<T>): T }): AuthRuntime {
  return host.service(authService);
}
