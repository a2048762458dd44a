import type { Knex } from 'knex';
import { randomBytes, randomUUID } from 'node:crypto';

export interface SiteKeyRow {
  id: string;
  tenant_id: string;
  key: string;
  name: string;
  allowed_origins: string[];
  /** HMAC secret of the site config the host signs; never leaves the host. */
  config_secret: string;
  /** Shared with the customer's backend, which signs visitor identities with it. */
  identity_secret: string;
  identity_required: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface PublicSiteKey {
  id: string;
  key: string;
  name: string;
  allowedOrigins: string[];
  identityRequired: boolean;
  createdAt: string;
}

export const toPublicSiteKey = (r: SiteKeyRow): PublicSiteKey => ({
  id: r.id,
  key: r.key,
  name: r.name,
  allowedOrigins: r.allowed_origins,
  identityRequired: r.identity_required,
  createdAt: new Date(r.created_at).toISOString(),
});

const secret = () => randomBytes(32).toString('base64url');

export async function insertSiteKey(
  knex: Knex,
  s: { tenantId: string; name: string; allowedOrigins: string[]; identityRequired: boolean },
): Promise<SiteKeyRow> {
  const [row] = (await knex('site_keys')
    .insert({
      id: randomUUID(),
      tenant_id: s.tenantId,
      key: `sk_${randomBytes(16).toString('base64url')}`,
      name: s.name,
      allowed_origins: JSON.stringify(s.allowedOrigins),
      config_secret: secret(),
      identity_secret: secret(),
      identity_required: s.identityRequired,
    })
    .returning('*')) as SiteKeyRow[];
  return row!;
}

export async function listSiteKeys(knex: Knex, tenantId: string): Promise<SiteKeyRow[]> {
  return (await knex('site_keys').where({ tenant_id: tenantId }).orderBy('created_at', 'asc').orderBy('id', 'asc')) as SiteKeyRow[];
}

export async function getSiteKey(knex: Knex, tenantId: string, id: string): Promise<SiteKeyRow | undefined> {
  return (await knex('site_keys').where({ tenant_id: tenantId, id }).first()) as SiteKeyRow | undefined;
}

/** By the public key a site's client presents (any tenant: the key is what names the tenant). */
export async function findSiteKey(knex: Knex, key: string): Promise<SiteKeyRow | undefined> {
  return (await knex('site_keys').where({ key }).first()) as SiteKeyRow | undefined;
}

export async function updateSiteKey(
  knex: Knex,
  tenantId: string,
  id: string,
  patch: { name?: string; allowedOrigins?: string[]; identityRequired?: boolean; rotateSecrets?: boolean },
): Promise<SiteKeyRow | undefined> {
  const update: Record<string, unknown> = { updated_at: knex.fn.now() };
  if (patch.name !== undefined) update.name = patch.name;
  if (patch.allowedOrigins !== undefined) update.allowed_origins = JSON.stringify(patch.allowedOrigins);
  if (patch.identityRequired !== undefined) update.identity_required = patch.identityRequired;
  if (patch.rotateSecrets) Object.assign(update, { config_secret: secret(), identity_secret: secret(), secrets_rotated_at: knex.fn.now() });
  const [row] = (await knex('site_keys').where({ tenant_id: tenantId, id }).update(update).returning('*')) as SiteKeyRow[];
  return row;
}

export async function deleteSiteKey(knex: Knex, tenantId: string, id: string): Promise<boolean> {
  return (await knex('site_keys').where({ tenant_id: tenantId, id }).delete()) > 0;
}

/** Is `origin` listed by any site key? (CORS preflights carry no site key.) */
export async function originListed(knex: Knex, origin: string): Promise<boolean> {
  return !!(await knex('site_keys')
    .whereRaw('allowed_origins @> ?::jsonb', [JSON.stringify([origin])])
    .first('id'));
}
