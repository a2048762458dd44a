import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { Actor, AssignStrategy, AuditEntry } from '@bacon/inbox-contract';
import { iso, json } from './rows.js';

/** Assignment history and the conversation audit log: append-only, one row per change. */
export async function insertAssignment(
  db: Knex,
  a: {
    tenantId: string;
    conversationId: string;
    agentId: string | null;
    previousAgentId: string | null;
    strategy: AssignStrategy;
    actor: Actor;
    now: Date;
  },
): Promise<void> {
  await db('inbox_assignments').insert({
    id: randomUUID(),
    tenant_id: a.tenantId,
    conversation_id: a.conversationId,
    agent_id: a.agentId,
    previous_agent_id: a.previousAgentId,
    strategy: a.strategy,
    actor_id: a.actor.id ?? null,
    created_at: a.now,
  });
}

export async function insertAudit(
  db: Knex,
  e: {
    tenantId: string;
    conversationId: string;
    action: string;
    fromState?: string | null;
    toState?: string | null;
    actor: Actor;
    details?: Record<string, unknown>;
    now: Date;
  },
): Promise<void> {
  await db('inbox_audit_log').insert({
    id: randomUUID(),
    tenant_id: e.tenantId,
    conversation_id: e.conversationId,
    action: e.action,
    from_state: e.fromState ?? null,
    to_state: e.toState ?? null,
    actor_kind: e.actor.kind,
    actor_id: e.actor.id ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
    created_at: e.now,
  });
}

/** An assignment's history row and its audit row, in one statement (assignment is the hot path). */
export async function insertAssignmentAudited(
  db: Knex,
  a: {
    tenantId: string;
    conversationId: string;
    agentId: string | null;
    previousAgentId: string | null;
    strategy: AssignStrategy;
    actor: Actor;
    fromState: string;
    toState: string;
    now: Date;
  },
): Promise<void> {
  const details = JSON.stringify({ agentId: a.agentId, previousAgentId: a.previousAgentId, strategy: a.strategy });
  await db.raw(
    `WITH history AS (
       INSERT INTO inbox_assignments (id, tenant_id, conversation_id, agent_id, previous_agent_id, strategy, actor_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?))
     INSERT INTO inbox_audit_log (id, tenant_id, conversation_id, action, from_state, to_state, actor_kind, actor_id, details, created_at)
     VALUES (?, ?, ?, 'assign', ?, ?, ?, ?, ?::jsonb, ?)`,
    [
      randomUUID(),
      a.tenantId,
      a.conversationId,
      a.agentId,
      a.previousAgentId,
      a.strategy,
      a.actor.id ?? null,
      a.now,
      randomUUID(),
      a.tenantId,
      a.conversationId,
      a.fromState,
      a.toState,
      a.actor.kind,
      a.actor.id ?? null,
      details,
      a.now,
    ],
  );
}

export async function listAudit(db: Knex, tenantId: string, conversationId: string): Promise<AuditEntry[]> {
  const rows = await db('inbox_audit_log')
    .where({ tenant_id: tenantId, conversation_id: conversationId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }]);
  return rows.map((r: Record<string, unknown>) => ({
    id: r.id as string,
    conversationId: r.conversation_id as string,
    action: r.action as string,
    fromState: (r.from_state as string | null) ?? null,
    toState: (r.to_state as string | null) ?? null,
    actorKind: r.actor_kind as AuditEntry['actorKind'],
    actorId: (r.actor_id as string | null) ?? null,
    details: json<Record<string, unknown> | null>(r.details, null),
    createdAt: iso(r.created_at),
  }));
}
