import type { Knex } from 'knex';
import type { PiiPattern } from '@bacon/sdk';

/** A tenant's compliance settings (`GET/PUT /api/v1/compliance/settings`). */
export interface ComplianceSettings {
  /** Inbound message texts are masked before they are stored. */
  maskAtIngest: boolean;
  /** Transcript exports are masked. */
  maskExports: boolean;
  /** The tenant's own identifiers, masked beside the built-in kinds. */
  piiPatterns: PiiPattern[];
}

export const DEFAULT_SETTINGS: ComplianceSettings = { maskAtIngest: false, maskExports: false, piiPatterns: [] };

const parse = (v: unknown): PiiPattern[] => (typeof v === 'string' ? (JSON.parse(v) as PiiPattern[]) : ((v as PiiPattern[]) ?? []));

export async function readComplianceSettings(db: Knex, tenantId: string): Promise<ComplianceSettings> {
  const row = await db('compliance_settings').where({ tenant_id: tenantId }).first();
  if (!row) return { ...DEFAULT_SETTINGS, piiPatterns: [] };
  return { maskAtIngest: !!row.mask_at_ingest, maskExports: !!row.mask_exports, piiPatterns: parse(row.pii_patterns) };
}

export async function writeComplianceSettings(db: Knex, tenantId: string, s: ComplianceSettings, now: Date): Promise<void> {
  const set = {
    mask_at_ingest: s.maskAtIngest,
    mask_exports: s.maskExports,
    pii_patterns: JSON.stringify(s.piiPatterns),
    updated_at: now,
  };
  await db('compliance_settings')
    .insert({ tenant_id: tenantId, ...set })
    .onConflict('tenant_id')
    .merge(set);
}
