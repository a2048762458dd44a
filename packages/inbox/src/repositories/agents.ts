import type { Knex } from 'knex';
import type { AgentLoad, AgentStatus } from '@bacon/inbox-contract';

export async function setAgentStatus(
  db: Knex,
  tenantId: string,
  agentId: string,
  patch: { available?: boolean; capacity?: number | null },
  now: Date,
): Promise<AgentStatus> {
  const insert = {
    tenant_id: tenantId,
    agent_id: agentId,
    available: patch.available ?? true,
    capacity: patch.capacity ?? null,
    updated_at: now,
  };
  const merge: Record<string, unknown> = { updated_at: now };
  if (patch.available !== undefined) merge.available = patch.available;
  if (patch.capacity !== undefined) merge.capacity = patch.capacity;
  const [row] = await db('inbox_agent_status').insert(insert).onConflict(['tenant_id', 'agent_id']).merge(merge).returning('*');
  return { agentId: row.agent_id, available: row.available, capacity: row.capacity };
}

/**
 * Serializes every assignment decision of one tenant (manual, round-robin, auto) until the
 * transaction ends, across all hosts: capacity counts and the round-robin cursor cannot race.
 */
export async function lockTenantAssignments(db: Knex, tenantId: string): Promise<void> {
  await db.raw(`SELECT pg_advisory_xact_lock(7301, hashtext(?))`, [`inbox:assign:${tenantId}`]);
}

/**
 * In one statement, for each agent: availability (default available), effective capacity (own, else
 * the tenant default) and load (conversations held that are assigned or snoozed); plus the tenant's
 * round-robin cursor. Assignment decisions run it inside the tenant's assignment lock.
 */
export async function readAgentLoads(
  db: Knex,
  tenantId: string,
  agentIds: string[],
): Promise<{ loads: Map<string, AgentLoad>; cursor: string | null }> {
  const { rows } = (await db.raw(
    `SELECT a.agent_id::text AS agent_id,
            COALESCE(s.available, true) AS available,
            COALESCE(s.capacity, t.default_capacity) AS capacity,
            (SELECT count(*) FROM inbox_conversations c
              WHERE c.tenant_id = :tenantId AND c.assignee_id = a.agent_id AND c.state IN ('assigned', 'snoozed'))::int AS load,
            (SELECT r.last_agent_id::text FROM inbox_round_robin r WHERE r.tenant_id = :tenantId) AS cursor
       FROM (SELECT :tenantId::uuid AS tenant_id) AS k
       LEFT JOIN unnest(:agentIds::uuid[]) AS a(agent_id) ON true
       LEFT JOIN inbox_agent_status s ON s.tenant_id = k.tenant_id AND s.agent_id = a.agent_id
       LEFT JOIN inbox_settings t ON t.tenant_id = k.tenant_id`,
    { tenantId, agentIds: `{${agentIds.join(',')}}` },
  )) as { rows: { agent_id: string | null; available: boolean; capacity: number | null; load: number; cursor: string | null }[] };
  const loads = new Map<string, AgentLoad>();
  for (const r of rows) {
    if (r.agent_id) loads.set(r.agent_id, { agentId: r.agent_id, available: r.available, capacity: r.capacity, load: Number(r.load) });
  }
  return { loads, cursor: rows[0]?.cursor ?? null };
}
