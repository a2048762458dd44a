import type { Knex } from 'knex';
import type { Context } from 'koa';
import { randomUUID } from 'node:crypto';
import type { PluginAudit } from '@bacon/sdk';

export type AuditEntry = Parameters<PluginAudit['record']>[0];

export interface AuditRow {
  id: string;
  tenant_id: string;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  created_at: Date;
  /** The acting user's name and email at reading time (null for system and plugin actors, or a deleted user). */
  actor_name: string | null;
  actor_email: string | null;
}

/** What the list and the CSV export filter on; every filter is optional and they combine with AND. */
export interface AuditFilter {
  action?: string;
  actorId?: string;
  /** Inclusive lower bound, ISO time. */
  from?: string;
  /** Exclusive upper bound, ISO time. */
  to?: string;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Appends one row to `audit_log`. Rows are never updated. */
export async function recordAudit(knex: Knex, e: AuditEntry): Promise<void> {
  await knex('audit_log').insert({
    id: randomUUID(),
    tenant_id: e.tenantId,
    actor_id: e.actorId ?? null,
    actor_kind: e.actorKind ?? (e.actorId ? 'user' : 'system'),
    action: e.action,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    before: json(e.before),
    after: json(e.after),
    ip: e.ip ?? null,
    // Millisecond precision from here, so the list's cursor (an ISO time) is exact.
    created_at: new Date(),
  });
}

/** The audit service handed to plugins (`services.audit`). */
export function auditService(knex: () => Knex): PluginAudit {
  return { record: (e) => recordAudit(knex(), e) };
}

/** Who and from where, for an admin action made through the API. */
export function actorOf(ctx: Context): { tenantId: string; actorId?: string; actorKind: 'user'; ip?: string } {
  return {
    tenantId: ctx.state.tenantId as string,
    actorId: ctx.state.user?.id,
    actorKind: 'user',
    ip: ctx.state.clientIp as string | undefined,
  };
}

/**
 * The tenant's audit rows, newest first, with the actor's name and email. `action` is exact, or a
 * prefix when it ends with `*` (`plugin.*`).
 */
export async function listAudit(
  knex: Knex,
  tenantId: string,
  q: AuditFilter & { limit: number; cursor?: { at: string; id: string } },
): Promise<AuditRow[]> {
  const query = knex('audit_log as a')
    .leftJoin('users as u', (j) => j.on('u.id', 'a.actor_id').andOn('u.tenant_id', 'a.tenant_id'))
    .where('a.tenant_id', tenantId)
    .select('a.*', 'u.name as actor_name', 'u.email as actor_email')
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(q.limit);
  if (q.action?.endsWith('*')) query.andWhere('a.action', 'like', `${q.action.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`);
  else if (q.action) query.andWhere('a.action', q.action);
  if (q.actorId) query.andWhere('a.actor_id', q.actorId);
  if (q.from) query.andWhere('a.created_at', '>=', q.from);
  if (q.to) query.andWhere('a.created_at', '<', q.to);
  if (q.cursor) {
    const { at, id } = q.cursor;
    query.andWhere((w) => w.where('a.created_at', '<', at).orWhere((w2) => w2.where('a.created_at', '=', at).andWhere('a.id', '<', id)));
  }
  return (await query) as AuditRow[];
}
