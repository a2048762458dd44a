import type { Knex } from 'knex';
import { firstTenant } from '../auth/tenants-repo.js';
import { insertSiteKey, listSiteKeys, updateSiteKey } from './site-keys-repo.js';
import { normaliseOrigin } from './site-keys.js';

/**
 * The first workspace's site key called `name`, made on first use and extended to `origin` (a
 * development page opened from a new address). Undefined without a workspace or a valid origin.
 */
export async function siteKeyForOrigin(knex: Knex, origin: string, name: string): Promise<{ key: string; tenantId: string } | undefined> {
  const o = normaliseOrigin(origin);
  const tenant = await firstTenant(knex);
  if (!o || !tenant) return undefined;
  const existing = (await listSiteKeys(knex, tenant.id)).find((s) => s.name === name);
  if (!existing)
    return {
      key: (await insertSiteKey(knex, { tenantId: tenant.id, name, allowedOrigins: [o], identityRequired: false })).key,
      tenantId: tenant.id,
    };
  if (!existing.allowed_origins.some((a) => normaliseOrigin(a) === o)) {
    await updateSiteKey(knex, tenant.id, existing.id, { allowedOrigins: [...existing.allowed_origins, o] });
  }
  return { key: existing.key, tenantId: tenant.id };
}
