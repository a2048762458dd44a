import type { Knex } from 'knex';
import type { Macro, MacroAction } from '@bacon/inbox-contract';
import { iso, json } from './rows.js';

const TABLE = 'inbox_macros';

function toMacro(r: Record<string, unknown>): Macro {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    name: r.name as string,
    body: (r.body as string | null) ?? null,
    actions: json<MacroAction[]>(r.actions, []),
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function insertMacro(
  db: Knex,
  m: { id: string; tenantId: string; name: string; body: string | null; actions: MacroAction[]; createdBy: string | null; now: Date },
): Promise<Macro> {
  const [row] = await db(TABLE)
    .insert({
      id: m.id,
      tenant_id: m.tenantId,
      name: m.name,
      body: m.body,
      actions: JSON.stringify(m.actions),
      created_by: m.createdBy,
      created_at: m.now,
      updated_at: m.now,
    })
    .returning('*');
  return toMacro(row);
}

export async function findMacro(db: Knex, tenantId: string, id: string): Promise<Macro | undefined> {
  const row = await db(TABLE).where({ tenant_id: tenantId, id }).first();
  return row ? toMacro(row) : undefined;
}

export async function listMacros(db: Knex, tenantId: string): Promise<Macro[]> {
  const rows = await db(TABLE)
    .where({ tenant_id: tenantId })
    .orderBy([{ column: 'name' }, { column: 'id' }]);
  return rows.map(toMacro);
}

export async function updateMacro(
  db: Knex,
  tenantId: string,
  id: string,
  patch: { name?: string; body?: string | null; actions?: MacroAction[] },
  now: Date,
): Promise<Macro | undefined> {
  const set: Record<string, unknown> = { updated_at: now };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.body !== undefined) set.body = patch.body;
  if (patch.actions !== undefined) set.actions = JSON.stringify(patch.actions);
  const [row] = await db(TABLE).where({ tenant_id: tenantId, id }).update(set).returning('*');
  return row ? toMacro(row) : undefined;
}

export async function deleteMacro(db: Knex, tenantId: string, id: string): Promise<boolean> {
  const rows = await db(TABLE).where({ tenant_id: tenantId, id }).delete().returning('id');
  return rows.length > 0;
}
