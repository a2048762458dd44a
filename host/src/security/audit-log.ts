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

export async function listAudit(
  knex: Knex,
  tenantId: string,
  q: { limit: number; cursor?: { at: string; id: string }; action?: string; actorId?: string },
): Promise<AuditRow[]> {
  const query = knex('audit_log').where({ tenant_id: tenantId }).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.action) query.andWhere('action', q.action);
  if (q.actorId) query.andWhere('actor_id', q.actorId);
  if (q.cursor) {
    const { at, id } = q.cursor;
    query.andWhere((w) => w.where('created_at', '<', at).orWhere((w2) => w2.where('created_at', '=', at).andWhere('id', '<', id)));
  }
  return (await query) as AuditRow[];
}
