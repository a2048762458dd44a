import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { FlowDefinition } from './flow-schema.js';
import { FlowErrors } from './flow-errors.js';
import { checkFlow } from './check-flow.js';

export interface Flow {
  id: string;
  tenantId: string;
  name: string;
  enabled: boolean;
  version: number;
  definition: FlowDefinition;
  createdAt: string;
  updatedAt: string;
}

interface FlowRow {
  id: string;
  tenant_id: string;
  name: string;
  enabled: boolean;
  version: number;
  definition: FlowDefinition | string;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();
export const fromJson = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

function toFlow(r: FlowRow): Flow {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    enabled: r.enabled,
    version: r.version,
    definition: fromJson(r.definition),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function listFlows(db: Knex, tenantId: string): Promise<Flow[]> {
  return ((await db('automation_flows').where({ tenant_id: tenantId }).orderBy('name')) as FlowRow[]).map(toFlow);
}

export async function getFlow(db: Knex, tenantId: string, id: string): Promise<Flow> {
  const row = (await db('automation_flows').where({ tenant_id: tenantId, id }).first()) as FlowRow | undefined;
  if (!row) throw FlowErrors.flowNotFound(id);
  return toFlow(row);
}

/** The definition a run follows: the version it started with, whatever edits came after. */
export async function flowVersion(db: Knex, tenantId: string, id: string, version: number): Promise<FlowDefinition | undefined> {
  const row = (await db('automation_flow_versions').where({ tenant_id: tenantId, flow_id: id, version }).first()) as
    { definition: FlowDefinition | string } | undefined;
  return row && fromJson(row.definition);
}

const versionRow = (id: string, version: number, tenantId: string, name: string, def: FlowDefinition, by?: string) => ({
  flow_id: id,
  version,
  tenant_id: tenantId,
  name,
  definition: JSON.stringify(def),
  created_by: by ?? null,
});

export async function createFlow(
  db: Knex,
  input: { tenantId: string; name: string; enabled?: boolean; definition: FlowDefinition; createdBy?: string },
): Promise<Flow> {
  const definition = checkFlow(input.definition);
  const id = randomUUID();
  try {
    return await db.transaction(async (trx) => {
      const [row] = (await trx('automation_flows')
        .insert({
          id,
          tenant_id: input.tenantId,
          name: input.name,
          enabled: input.enabled ?? true,
          version: 1,
          definition: JSON.stringify(definition),
          created_by: input.createdBy ?? null,
        })
        .returning('*')) as FlowRow[];
      await trx('automation_flow_versions').insert(versionRow(id, 1, input.tenantId, input.name, definition, input.createdBy));
      return toFlow(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw FlowErrors.flowNameTaken(input.name);
    throw err;
  }
}

/** Changes a flow; a new name or definition makes a new version (running runs keep theirs). */
export async function updateFlow(
  db: Knex,
  tenantId: string,
  id: string,
  patch: { name?: string; enabled?: boolean; definition?: FlowDefinition },
  actorId?: string,
): Promise<Flow> {
  try {
    return await db.transaction(async (trx) => {
      const current = (await trx('automation_flows').where({ tenant_id: tenantId, id }).forUpdate().first()) as FlowRow | undefined;
      if (!current) throw FlowErrors.flowNotFound(id);
      const before = toFlow(current);
      const definition = patch.definition ? checkFlow(patch.definition) : before.definition;
      const changed = patch.definition !== undefined || (patch.name !== undefined && patch.name !== before.name);
      const version = changed ? before.version + 1 : before.version;
      const name = patch.name ?? before.name;
      const [row] = (await trx('automation_flows')
        .where({ tenant_id: tenantId, id })
        .update({
          name,
          enabled: patch.enabled ?? before.enabled,
          version,
          definition: JSON.stringify(definition),
          updated_at: trx.fn.now(),
        })
        .returning('*')) as FlowRow[];
      if (changed) await trx('automation_flow_versions').insert(versionRow(id, version, tenantId, name, definition, actorId));
      return toFlow(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw FlowErrors.flowNameTaken(patch.name ?? '');
    throw err;
  }
}

export async function deleteFlow(db: Knex, tenantId: string, id: string): Promise<void> {
  const rows = (await db('automation_flows').where({ tenant_id: tenantId, id }).delete().returning('id')) as unknown[];
  if (rows.length === 0) throw FlowErrors.flowNotFound(id);
}
