import type { RouteRegistry } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from '../auth/auth-runtime.js';
import { tenantOf } from '../auth/tenant-scope.js';
import { UUID } from '../auth/schemas.js';
import { listAudit, type AuditRow } from './audit-log.js';
import { CommonErrors } from '@bacon/sdk';

const ENTRY = {
  type: 'object',
  required: ['id', 'actorId', 'actorKind', 'action', 'targetType', 'targetId', 'before', 'after', 'ip', 'createdAt'],
  additionalProperties: false,
  properties: {
    id: UUID,
    actorId: { type: ['string', 'null'] },
    actorKind: { type: 'string' },
    action: { type: 'string' },
    targetType: { type: ['string', 'null'] },
    targetId: { type: ['string', 'null'] },
    before: {},
    after: {},
    ip: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

const toEntry = (r: AuditRow) => ({
  id: r.id,
  actorId: r.actor_id,
  actorKind: r.actor_kind,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  before: r.before ?? null,
  after: r.after ?? null,
  ip: r.ip,
  createdAt: new Date(r.created_at).toISOString(),
});

const encode = (r: AuditRow) => Buffer.from(`${new Date(r.created_at).toISOString()}|${r.id}`).toString('base64url');
function decode(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id))
    throw CommonErrors.invalidCursor({ field: 'cursor' }, 'Malformed cursor.');
  return { at, id };
}

/** `GET /api/v1/audit-log`: the tenant's admin actions, newest first, cursor-paginated. */
export function registerAuditRoutes(routes: RouteRegistry, slot: AuthRuntimeSlot): void {
  routes.add({
    method: 'get',
    path: '/api/v1/audit-log',
    auth: 'admin',
    summary: 'Admin actions: who, what, when, from where, before/after (newest first)',
    tags: ['security'],
    schema: {
      query: {
        type: 'object',
        additionalProperties: false,
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          cursor: { type: 'string', maxLength: 200 },
          action: { type: 'string', maxLength: 100 },
          actorId: UUID,
        },
      },
      response: {
        200: {
          type: 'object',
          required: ['entries', 'nextCursor'],
          properties: { entries: { type: 'array', items: ENTRY }, nextCursor: { type: ['string', 'null'] } },
        },
      },
    },
    handler: async (ctx) => {
      const q = ctx.state.query as { limit: number; cursor?: string; action?: string; actorId?: string };
      const rows = await listAudit(slot.get().knex, tenantOf(ctx), {
        limit: q.limit,
        cursor: q.cursor ? decode(q.cursor) : undefined,
        action: q.action,
        actorId: q.actorId,
      });
      return { entries: rows.map(toEntry), nextCursor: rows.length === q.limit ? encode(rows.at(-1)!) : null };
    },
  });
}
