import type { Knex } from 'knex';
import type { PluginBus } from '@bacon/sdk';
import { enabledRules, type Rule } from './rules.js';

/** Bus topic told after a rule changes, so every host drops its cached rules of the tenant. */
export const RULES_CHANGED = 'automation.rules.changed';

/**
 * The enabled rules of each tenant, cached for `ttlMs` (a missed bus message costs at most that
 * long) and dropped when any host says a rule of the tenant changed.
 */
export class RuleCache {
  private readonly byTenant = new Map<string, { at: number; rules: Promise<Rule[]> }>();
  private readonly stop: () => void;

  constructor(
    private readonly db: Knex,
    private readonly bus: PluginBus,
    private readonly ttlMs = 5000,
  ) {
    this.stop = bus.subscribe(RULES_CHANGED, (e) => {
      if (e.tenantId) this.byTenant.delete(e.tenantId);
    });
  }

  rules(tenantId: string): Promise<Rule[]> {
    const hit = this.byTenant.get(tenantId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.rules;
    const rules = enabledRules(this.db, tenantId);
    this.byTenant.set(tenantId, { at: Date.now(), rules });
    rules.catch(() => this.byTenant.delete(tenantId));
    return rules;
  }

  async changed(tenantId: string): Promise<void> {
    this.byTenant.delete(tenantId);
    await this.bus.publish({ topic: RULES_CHANGED, tenantId, payload: {} });
  }

  close(): void {
    this.stop();
  }
}
