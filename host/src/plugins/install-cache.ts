import type { Knex } from 'knex';
import type { PluginDefinition } from '@bacon/sdk';
import { readInstall, type PluginInstall } from './install-store.js';
import { settingsFor } from './plugin-settings.js';

interface Entry {
  at: number;
  install?: PluginInstall;
  settings: Record<string, unknown>;
}

/**
 * A plugin's install and merged settings for a tenant, cached briefly so a call costs no queries.
 * Writes through the admin routes invalidate this host's entries; other hosts see them within `ttlMs`.
 */
export class InstallCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly knex: Knex,
    private readonly ttlMs = 2000,
  ) {}

  async get(def: PluginDefinition, tenantId: string): Promise<Entry> {
    const k = `${def.id}\u0000${tenantId}`;
    const hit = this.entries.get(k);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit;
    const entry = {
      at: Date.now(),
      install: await readInstall(this.knex, tenantId, def.id),
      settings: await settingsFor(this.knex, def, tenantId),
    };
    this.entries.set(k, entry);
    return entry;
  }

  invalidate(pluginId: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(`${pluginId}\u0000`)) this.entries.delete(k);
  }
}
