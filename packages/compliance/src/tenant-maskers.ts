import type { Knex } from 'knex';
import { createPiiMasker, type PiiMasker, type PluginBus } from '@bacon/sdk';
import { readComplianceSettings, type ComplianceSettings } from './compliance-settings.js';

export const SETTINGS_CHANGED = 'compliance.settings.changed';
const TTL_MS = 30_000;

export interface TenantCompliance {
  settings: ComplianceSettings;
  /** The built-in kinds plus the tenant's own patterns, compiled once. */
  masker: PiiMasker;
}

/**
 * Each tenant's settings and compiled masker, read on the message path and cached per host. A save
 * drops this host's entry and tells the other hosts through the bus; the TTL bounds how long a host
 * that missed the message keeps an old value.
 */
export class TenantMaskers {
  private readonly byTenant = new Map<string, { value: TenantCompliance; at: number }>();

  constructor(
    private readonly db: Knex,
    private readonly bus?: PluginBus,
  ) {
    bus?.subscribe(SETTINGS_CHANGED, (e) => {
      if (e.tenantId) this.byTenant.delete(e.tenantId);
    });
  }

  async get(tenantId: string): Promise<TenantCompliance> {
    const hit = this.byTenant.get(tenantId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const settings = await readComplianceSettings(this.db, tenantId);
    const value = { settings, masker: createPiiMasker({ custom: settings.piiPatterns }) };
    this.byTenant.set(tenantId, { value, at: Date.now() });
    return value;
  }

  async changed(tenantId: string): Promise<void> {
    this.byTenant.delete(tenantId);
    await this.bus?.publish({ topic: SETTINGS_CHANGED, tenantId, payload: {} });
  }
}
