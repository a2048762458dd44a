import type { Context } from 'koa';
import type { RouteRegistry } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from '../auth/auth-runtime.js';
import { notFoundInTenant, tenantOf } from '../auth/tenant-scope.js';
import { ID_PARAMS, UUID } from '../auth/schemas.js';
import { actorOf } from './audit-log.js';
import { normaliseOrigin } from './site-keys.js';
import {
  deleteSiteKey,
  getSiteKey,
  insertSiteKey,
  listSiteKeys,
  toPublicSiteKey,
  updateSiteKey,
  type SiteKeyRow,
} from './site-keys-repo.js';
import { SecurityErrors } from './security-errors.js';

const body = <T>(ctx: Context) => (ctx.request as unknown as { body: T }).body;
const ORIGINS = { type: 'array', maxItems: 50, items: { type: 'string', minLength: 8, maxLength: 300 } };
const SITE_KEY = {
  type: 'object',
  required: ['id', 'key', 'name', 'allowedOrigins', 'identityRequired', 'createdAt'],
  additionalProperties: false,
  properties: {
    id: UUID,
    key: { type: 'string' },
    name: { type: 'string' },
    allowedOrigins: { type: 'array', items: { type: 'string' } },
    identityRequired: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    /** Only when created or rotated: the secret the customer's backend signs identities with. */
    identitySecret: { type: 'string' },
  },
};

function origins(list: string[]): string[] {
  return [
    ...new Set(
      list.map((o) => {
        const n = normaliseOrigin(o);
        if (!n || n !== o.toLowerCase().replace(/\/$/, '')) throw SecurityErrors.invalidOrigin({ field: 'allowedOrigins', value: o });
        return n;
      }),
    ),
  ];
}

/** `/api/v1/site-keys`: site keys, their allowed origins and identity verification. */
export function registerSiteKeyRoutes(routes: RouteRegistry, slot: AuthRuntimeSlot): void {
  const load = async (ctx: Context): Promise<SiteKeyRow> => {
    const row = await getSiteKey(slot.get().knex, tenantOf(ctx), ctx.params.id!);
    if (!row) throw notFoundInTenant('site key');
    return row;
  };
  const changed = async (ctx: Context, action: string, id: string, before?: unknown, after?: unknown) => {
    const rt = slot.get();
    await rt.siteKeys.changed(tenantOf(ctx));
    await rt.audit.record({ ...actorOf(ctx), action, targetType: 'site_key', targetId: id, before, after });
  };
  const withSecret = (row: SiteKeyRow) => ({ ...toPublicSiteKey(row), identitySecret: row.identity_secret });

  routes.add({
    method: 'get',
    path: '/api/v1/site-keys',
    auth: 'admin',
    summary: "The tenant's site keys",
    tags: ['security'],
    schema: { response: { 200: { type: 'object', required: ['siteKeys'], properties: { siteKeys: { type: 'array', items: SITE_KEY } } } } },
    handler: async (ctx) => ({ siteKeys: (await listSiteKeys(slot.get().knex, tenantOf(ctx))).map(toPublicSiteKey) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/site-keys',
    auth: 'admin',
    summary: 'Create a site key; the answer carries its identity secret once',
    tags: ['security'],
    schema: {
      body: {
        type: 'object',
        required: ['allowedOrigins'],
        additionalProperties: false,
        properties: { name: { type: 'string', maxLength: 200 }, allowedOrigins: ORIGINS, identityRequired: { type: 'boolean' } },
      },
      response: { 201: SITE_KEY },
    },
    handler: async (ctx) => {
      const b = body<{ name?: string; allowedOrigins: string[]; identityRequired?: boolean }>(ctx);
      const row = await insertSiteKey(slot.get().knex, {
        tenantId: tenantOf(ctx),
        name: b.name ?? '',
        allowedOrigins: origins(b.allowedOrigins),
        identityRequired: b.identityRequired ?? false,
      });
      await changed(ctx, 'site_key.created', row.id, undefined, toPublicSiteKey(row));
      ctx.status = 201;
      return withSecret(row);
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/site-keys/:id',
    auth: 'admin',
    summary: 'One site key',
    tags: ['security'],
    schema: { params: ID_PARAMS, response: { 200: SITE_KEY } },
    handler: async (ctx) => toPublicSiteKey(await load(ctx)),
  });

  routes.add({
    method: 'patch',
    path: '/api/v1/site-keys/:id',
    auth: 'admin',
    summary: 'Change a site key (name, allowed origins, mandatory identity)',
    tags: ['security'],
    schema: {
      params: ID_PARAMS,
      body: {
        type: 'object',
        minProperties: 1,
        additionalProperties: false,
        properties: { name: { type: 'string', maxLength: 200 }, allowedOrigins: ORIGINS, identityRequired: { type: 'boolean' } },
      },
      response: { 200: SITE_KEY },
    },
    handler: async (ctx) => {
      const b = body<{ name?: string; allowedOrigins?: string[]; identityRequired?: boolean }>(ctx);
      const row = await load(ctx);
      const updated = (await updateSiteKey(slot.get().knex, row.tenant_id, row.id, {
        ...b,
        allowedOrigins: b.allowedOrigins && origins(b.allowedOrigins),
      }))!;
      await changed(ctx, 'site_key.updated', row.id, toPublicSiteKey(row), toPublicSiteKey(updated));
      return toPublicSiteKey(updated);
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/site-keys/:id/rotate-secrets',
    auth: 'admin',
    summary: 'New identity and config secrets (signed configs and identity hashes made with the old ones stop verifying)',
    tags: ['security'],
    schema: { params: ID_PARAMS, response: { 200: SITE_KEY } },
    handler: async (ctx) => {
      const row = await load(ctx);
      const updated = (await updateSiteKey(slot.get().knex, row.tenant_id, row.id, { rotateSecrets: true }))!;
      await changed(ctx, 'site_key.secrets_rotated', row.id);
      return withSecret(updated);
    },
  });

  routes.add({
    method: 'delete',
    path: '/api/v1/site-keys/:id',
    auth: 'admin',
    summary: 'Delete a site key (its visitor sessions stop working)',
    tags: ['security'],
    schema: { params: ID_PARAMS },
    handler: async (ctx) => {
      const row = await load(ctx);
      await deleteSiteKey(slot.get().knex, row.tenant_id, row.id);
      await changed(ctx, 'site_key.deleted', row.id, toPublicSiteKey(row), undefined);
      ctx.status = 204;
    },
  });
}
