import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

export interface TenantRow {
  id: string;
  name: string;
  created_at: Date;
}

export async function createTenant(knex: Knex, name: string): Promise<TenantRow> {
  const [row] = (await knex('tenants').insert({ id: randomUUID(), name }).returning('*')) as TenantRow[];
  return row!;
}

/** The oldest tenant: the one first boot created. */
export async function firstTenant(knex: Knex): Promise<TenantRow | undefined> {
  return (await knex('tenants').orderBy('created_at', 'asc').orderBy('id', 'asc').first()) as TenantRow | undefined;
}
