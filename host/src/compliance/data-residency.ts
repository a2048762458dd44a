import type { Knex } from 'knex';
import { egressRegions, isEuRegion, regionsOutsideEu, type PluginDefinition } from '@bacon/sdk';

/** A tenant's storage rule: `eu` (EU only) or `any`. */
export type DataResidency = 'eu' | 'any';

/** Whether the deployment declared an EU region (`BACON_DATA_REGION`). */
export function deploymentInEu(config: { dataRegion?: string }): boolean {
  return isEuRegion(config.dataRegion);
}

export async function readResidency(knex: Knex, tenantId: string): Promise<DataResidency> {
  const row = (await knex('tenants').where({ id: tenantId }).first('data_residency')) as { data_residency: string | null } | undefined;
  return row?.data_residency === 'eu' ? 'eu' : 'any';
}

export async function writeResidency(knex: Knex, tenantId: string, residency: DataResidency): Promise<void> {
  await knex('tenants')
    .where({ id: tenantId })
    .update({ data_residency: residency === 'eu' ? 'eu' : null });
}

/** Tenants that asked for EU-only storage. */
export async function euTenants(knex: Knex): Promise<{ id: string; name: string }[]> {
  return (await knex('tenants').where({ data_residency: 'eu' }).select('id', 'name').orderBy('id')) as { id: string; name: string }[];
}

/** The regions outside the EU a plugin's manifest says it sends data to (empty: none). */
export function pluginRegionsOutsideEu(def: Pick<PluginDefinition, 'egress' | 'capabilities'>): string[] {
  return regionsOutsideEu(egressRegions(def));
}

export interface EgressOverride {
  pluginId: string;
  regions: string[];
  reason: string;
  actorId: string | null;
  createdAt: string;
}

export async function readOverrides(knex: Knex, tenantId: string): Promise<EgressOverride[]> {
  const rows = (await knex('tenant_egress_overrides').where({ tenant_id: tenantId }).orderBy('plugin_id')) as {
    plugin_id: string;
    regions: string[] | string;
    reason: string;
    actor_id: string | null;
    created_at: Date | string;
  }[];
  return rows.map((r) => ({
    pluginId: r.plugin_id,
    regions: typeof r.regions === 'string' ? (JSON.parse(r.regions) as string[]) : r.regions,
    reason: r.reason,
    actorId: r.actor_id,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** Records (or replaces) an admin's override for a plugin whose egress leaves the EU. */
export async function writeOverride(knex: Knex, tenantId: string, o: Omit<EgressOverride, 'createdAt'>): Promise<void> {
  await knex('tenant_egress_overrides')
    .insert({ tenant_id: tenantId, plugin_id: o.pluginId, regions: JSON.stringify(o.regions), reason: o.reason, actor_id: o.actorId })
    .onConflict(['tenant_id', 'plugin_id'])
    .merge({ regions: JSON.stringify(o.regions), reason: o.reason, actor_id: o.actorId, created_at: knex.fn.now() });
}

/**
 * Whether an override covers the plugin's current egress: it names every region outside the EU the
 * manifest declares now (a new version that reaches a new region needs a new override).
 */
export function overrideCovers(override: EgressOverride | undefined, outside: readonly string[]): boolean {
  return !!override && outside.every((r) => override.regions.includes(r));
}
