import type { Knex } from 'knex';
import type { EventBus } from '../bus/index.js';
import { decideIp, parseCidr, type Cidr, type IpDecision, type IpRuleSet } from './cidr.js';
import { listIpRules } from './ip-rules-repo.js';

export const IP_RULES_CHANGED = 'security.ip-rules.changed';
const TTL_MS = 30_000;

export function toRuleSet(rows: { cidr: string; action: 'allow' | 'block' }[]): IpRuleSet {
  const set: IpRuleSet = { allow: [], block: [] };
  for (const r of rows) {
    const c = parseCidr(r.cidr);
    if (c) set[r.action].push(c);
  }
  return set;
}

/**
 * Each tenant's IP rules, cached per host for a short while. A change made on any host reaches the
 * others through the bus at once (the TTL only bounds a lost message).
 */
export class TenantIpRules {
  private readonly cache = new Map<string, { set: IpRuleSet; at: number }>();

  constructor(
    private readonly knex: Knex,
    private readonly bus: EventBus,
  ) {
    bus.subscribe(IP_RULES_CHANGED, (e) => {
      if (e.tenantId) this.cache.delete(e.tenantId);
    });
  }

  async rules(tenantId: string): Promise<IpRuleSet> {
    const hit = this.cache.get(tenantId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.set;
    const set = toRuleSet(await listIpRules(this.knex, tenantId));
    this.cache.set(tenantId, { set, at: Date.now() });
    return set;
  }

  async decide(tenantId: string, ip: string): Promise<IpDecision> {
    return decideIp(ip, await this.rules(tenantId));
  }

  async changed(tenantId: string): Promise<void> {
    this.cache.delete(tenantId);
    await this.bus.publish({ topic: IP_RULES_CHANGED, tenantId, payload: {} });
  }
}

export type { Cidr };
