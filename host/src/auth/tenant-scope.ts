import type { Knex } from 'knex';
import { NotFound, Unauthorized } from '@bacon/sdk';
import { isUuid } from './users-repo.js';

/** The slice of a Koa context the helpers read: `ctx.state.tenantId`, set by the auth guard. */
export interface TenantScoped {
  state: { tenantId?: unknown };
}

/** The caller's tenant. Every repository query filters by it; a route without one is a bug (401). */
export function tenantOf(ctx: TenantScoped): string {
  const t = ctx.state.tenantId;
  if (typeof t !== 'string' || !t) throw Unauthorized('No tenant for this request.');
  return t;
}

/**
 * Scopes a knex query to the caller's tenant: `scopeByTenant(knex('widgets'), ctx)` adds
 * `where tenant_id = <ctx.state.tenantId>` (or `<table>.tenant_id` through `column`).
 */
export function scopeByTenant<Q extends Knex.QueryBuilder>(query: Q, ctx: TenantScoped, column = 'tenant_id'): Q {
  return query.where(column, tenantOf(ctx)) as Q;
}

/** The answer for an object that does not exist *in the caller's tenant*: the same 404 either way. */
export function notFoundInTenant(what: string) {
  return NotFound(`No such ${what}.`, { type: what });
}

/**
 * Loads one row by id within the caller's tenant, or throws the 404 above: another tenant's object
 * is indistinguishable from a missing one. Malformed ids are 404s too, never database errors.
 */
export async function findInTenant<T>(query: Knex.QueryBuilder, ctx: TenantScoped, id: string, what: string, idColumn = 'id'): Promise<T> {
  if (!isUuid(id)) throw notFoundInTenant(what);
  const row = (await scopeByTenant(query, ctx).andWhere(idColumn, id).first()) as T | undefined;
  if (!row) throw notFoundInTenant(what);
  return row;
}
