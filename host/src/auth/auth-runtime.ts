import type Koa from 'koa';
import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { PluginAudit } from '@bacon/sdk';
import type { Config } from '../config/index.js';
import type { Logger } from '../logs/logger.js';
import type { JwtKeyRing } from './jwt-keys.js';
import type { Revocations } from './revocations.js';
import type { RateLimits } from '../security/rate-limits.js';
import type { TenantIpRules } from '../security/tenant-ip-rules.js';
import type { SiteKeys } from '../security/site-keys.js';
import type { IpRuleSet } from '../security/cidr.js';

/** What the auth module holds once started; middleware and routes read it per request. */
export interface AuthRuntime {
  config: Readonly<Config>;
  log: Logger;
  knex: Knex;
  keys: JwtKeyRing;
  revocations: Revocations;
  limits: RateLimits;
  ipRules: TenantIpRules;
  siteKeys: SiteKeys;
  audit: PluginAudit;
  /** BACON_IP_ALLOW / BACON_IP_BLOCK, parsed. */
  globalIpRules: IpRuleSet;
  /** The tenant first boot created. */
  defaultTenantId: string;
  redis?: Redis;
}

/** Filled by `start`; middleware installed by `setup` reads it through `get()`. */
export class AuthRuntimeSlot {
  current?: AuthRuntime;

  get(): AuthRuntime {
    if (!this.current) throw new Error('auth module not started');
    return this.current;
  }
}

/** A registered symbol, so a second copy of this module (another import URL) finds the same slot. */
const SLOT = Symbol.for('bacon.auth.runtime');

export function bindRuntime(app: Koa, slot: AuthRuntimeSlot): void {
  (app as unknown as Record<symbol, AuthRuntimeSlot>)[SLOT] = slot;
}

/** The auth runtime of a started host (test helpers, the realtime module): `authRuntime(host.app)`. */
export function authRuntime(app: Koa): AuthRuntime {
  const slot = (app as unknown as Record<symbol, AuthRuntimeSlot | undefined>)[SLOT];
  if (!slot) throw new Error('this host runs without the auth module');
  return slot.get();
}
