import type { Knex } from 'knex';
import type { CapabilityName } from '@bacon/sdk';

/** Install level (settings shared by every tenant) lives under this tenant id. */
export const INSTALL_TENANT = '*';

export interface PluginInstall {
  tenantId: string;
  pluginId: string;
  enabled: boolean;
  grants: CapabilityName[];
  settings: Record<string, unknown>;
  /** Sealed (encrypted) secret values by field name. */
  secrets: Record<string, string>;
  /** Why the plugin disabled itself for this tenant (`ctx.install.disable`); null once an admin enables it. */
  disabledReason?: string | null;
  disabledAt?: string | null;
}

const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

/** One row of `plugin_installs`: a plugin's state for a tenant. Repositories take the knex handle. */
export async function readInstall(knex: Knex, tenantId: string, pluginId: string): Promise<PluginInstall | undefined> {
  const row = await knex('plugin_installs').where({ tenant_id: tenantId, plugin_id: pluginId }).first();
  if (!row) return undefined;
  return {
    tenantId,
    pluginId,
    enabled: row.enabled,
    grants: parse(row.grants),
    settings: parse(row.settings),
    secrets: parse(row.secrets),
    disabledReason: row.disabled_reason ?? null,
    disabledAt: row.disabled_at ? new Date(row.disabled_at).toISOString() : null,
  };
}

export async function writeInstall(
  knex: Knex,
  tenantId: string,
  pluginId: string,
  patch: Partial<Omit<PluginInstall, 'tenantId' | 'pluginId'>>,
): Promise<PluginInstall> {
  const current = (await readInstall(knex, tenantId, pluginId)) ?? {
    tenantId,
    pluginId,
    enabled: false,
    grants: [],
    settings: {},
    secrets: {},
  };
  const next = { ...current, ...patch };
  const columns = {
    enabled: next.enabled,
    grants: JSON.stringify(next.grants),
    settings: JSON.stringify(next.settings),
    secrets: JSON.stringify(next.secrets),
    disabled_reason: next.disabledReason ?? null,
    disabled_at: next.disabledAt ?? null,
  };
  await knex('plugin_installs')
    .insert({ tenant_id: tenantId, plugin_id: pluginId, ...columns })
    .onConflict(['tenant_id', 'plugin_id'])
    .merge({ ...columns, updated_at: knex.fn.now() });
  return next;
}

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
