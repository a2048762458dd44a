import type { Knex } from 'knex';
import { firstTenant } from '../auth/tenants-repo.js';
import { insertSiteKey, listSiteKeys, updateSiteKey } from './site-keys-repo.js';
import { normaliseOrigin } from './site-keys.js';

export const DEMO_SITE_NAME = 'Demo page';

/**
 * The site key the development demo page (`/demo`) embeds: the first workspace's "Demo page" key,
 * made on first use and extended to the origin the page is opened from. Never used in production.
 */
export async function demoSiteKey(knex: Knex, origin: string): Promise<{ key: string; tenantId: string } | undefined> {
  const o = normaliseOrigin(origin);
  const tenant = await firstTenant(knex);
  if (!o || !tenant) return undefined;
  const existing = (await listSiteKeys(knex, tenant.id)).find((s) => s.name === DEMO_SITE_NAME);
  if (!existing) return { key: (await insertSiteKey(knex, { tenantId: tenant.id, name: DEMO_SITE_NAME, allowedOrigins: [o], identityRequired: false })).key, tenantId: tenant.id };
  if (!existing.allowed_origins.some((a) => normaliseOrigin(a) === o)) {
    await updateSiteKey(knex, tenant.id, existing.id, { allowedOrigins: [...existing.allowed_origins, o] });
  }
  return { key: existing.key, tenantId: tenant.id };
}
