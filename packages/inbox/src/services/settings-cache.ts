import type { Knex } from 'knex';
import type { PluginBus } from '@bacon/sdk';
import type { InboxSettings } from '@bacon/inbox-contract';
import { getSettings, saveSettings } from '../repositories/settings.js';

export const SETTINGS_CHANGED = 'inbox.settings.changed';
const TTL_MS = 30_000;

/**
 * A tenant's inbox settings, read on the message path (auto-assignment after each commit), cached per
 * host. A save clears this host's entry at once and tells the other hosts through the bus; the TTL
 * bounds how long a host that missed the message keeps an old value.
 */
export class SettingsCache {
  private readonly byTenant = new Map<string, { settings: InboxSettings; at: number }>();

  constructor(
    private readonly db: Knex,
    private readonly bus?: PluginBus,
  ) {
    bus?.subscribe(SETTINGS_CHANGED, (e) => {
      if (e.tenantId) this.byTenant.delete(e.tenantId);
    });
  }

  async get(tenantId: string): Promise<InboxSettings> {
    const hit = this.byTenant.get(tenantId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.settings;
    const settings = await getSettings(this.db, tenantId);
    this.byTenant.set(tenantId, { settings, at: Date.now() });
    return settings;
  }

  async save(tenantId: string, patch: Partial<Omit<InboxSettings, 'tenantId'>>, now: Date): Promise<InboxSettings> {
    const settings = await saveSettings(this.db, tenantId, patch, now);
    this.byTenant.delete(tenantId);
    await this.bus?.publish({ topic: SETTINGS_CHANGED, tenantId, payload: {} });
    return settings;
  }
}

/** The tenant's settings, through the host's cache when there is one. */
export function tenantSettings(deps: { db: Knex; settings?: SettingsCache }, tenantId: string): Promise<InboxSettings> {
  return deps.settings ? deps.settings.get(tenantId) : getSettings(deps.db, tenantId);
}
