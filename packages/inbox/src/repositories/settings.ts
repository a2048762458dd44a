import type { Knex } from 'knex';
import type { InboxSettings } from '@bacon/inbox-contract';

function toSettings(tenantId: string, r?: Record<string, unknown>): InboxSettings {
  return {
    tenantId,
    autoAssign: (r?.auto_assign as boolean | undefined) ?? false,
    defaultCapacity: (r?.default_capacity as number | null | undefined) ?? null,
    retentionDays: (r?.retention_days as number | null | undefined) ?? null,
    retentionMode: (r?.retention_mode as InboxSettings['retentionMode'] | undefined) ?? 'anonymize',
  };
}

export async function getSettings(db: Knex, tenantId: string): Promise<InboxSettings> {
  return toSettings(tenantId, await db('inbox_settings').where({ tenant_id: tenantId }).first());
}

export async function saveSettings(
  db: Knex,
  tenantId: string,
  patch: Partial<Omit<InboxSettings, 'tenantId'>>,
  now: Date,
): Promise<InboxSettings> {
  const set: Record<string, unknown> = { updated_at: now };
  if (patch.autoAssign !== undefined) set.auto_assign = patch.autoAssign;
  if (patch.defaultCapacity !== undefined) set.default_capacity = patch.defaultCapacity;
  if (patch.retentionDays !== undefined) set.retention_days = patch.retentionDays;
  if (patch.retentionMode !== undefined) set.retention_mode = patch.retentionMode;
  const [row] = await db('inbox_settings')
    .insert({ tenant_id: tenantId, ...set })
    .onConflict('tenant_id')
    .merge(set)
    .returning('*');
  return toSettings(tenantId, row);
}

/** Tenants that configured a retention period. */
export async function listRetentionSettings(db: Knex): Promise<InboxSettings[]> {
  const rows = await db('inbox_settings').whereNotNull('retention_days');
  return rows.map((r: Record<string, unknown>) => toSettings(r.tenant_id as string, r));
}
