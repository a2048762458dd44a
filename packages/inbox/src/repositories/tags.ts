import type { Knex } from 'knex';

/** The tenant's tag catalogue: every tag ever set on a conversation. */
export async function rememberTags(db: Knex, tenantId: string, names: string[], now: Date): Promise<void> {
  if (!names.length) return;
  await db('inbox_tags')
    .insert(names.map((name) => ({ tenant_id: tenantId, name, created_at: now })))
    .onConflict(['tenant_id', 'name'])
    .ignore();
}

export async function listTags(db: Knex, tenantId: string): Promise<string[]> {
  const rows = await db('inbox_tags').where({ tenant_id: tenantId }).orderBy('name').select('name');
  return rows.map((r: { name: string }) => r.name);
}
