import type { RouteRegistry } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from '../auth/auth-runtime.js';
import { tenantOf } from '../auth/tenant-scope.js';
import { UUID } from '../auth/schemas.js';
import { Readable } from 'node:stream';
import { actorOf, listAudit, type AuditFilter, type AuditRow } from './audit-log.js';
import { AUDIT_CSV_COLUMNS, auditCsvLine } from './audit-csv.js';
import { CommonErrors, errorResponseSchema } from '@bacon/sdk';

const ENTRY = {
  type: 'object',
  required: [
    'id',
    'actorId',
    'actorName',
    'actorEmail',
    'actorKind',
    'action',
    'targetType',
    'targetId',
    'before',
    'after',
    'ip',
    'createdAt',
  ],
  additionalProperties: false,
  properties: {
    id: UUID,
    actorId: { type: ['string', 'null'] },
    actorName: { type: ['string', 'null'] },
    actorEmail: { type: ['string', 'null'] },
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
  actorName: r.actor_name ?? null,
  actorEmail: r.actor_email ?? null,
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

/** The filters both routes take (`action` ending in `*` is a prefix: `plugin.*`). */
const FILTERS = {
  action: { type: 'string', maxLength: 100 },
  actorId: UUID,
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
};

const ERROR = errorResponseSchema;

const filterOf = (q: AuditFilter): AuditFilter => ({ action: q.action, actorId: q.actorId, from: q.from, to: q.to });

/** CSV pages read from the database: the export never holds the whole log in memory. */
const EXPORT_PAGE = 500;

/**
 * `GET /api/v1/audit-log` (newest first, cursor-paginated, filtered) and `GET /api/v1/audit-log/export.csv`.
 * The log is append-only: there is no route to change or remove an entry, and the table refuses it.
 */
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
          ...FILTERS,
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
      const q = ctx.state.query as AuditFilter & { limit: number; cursor?: string };
      const rows = await listAudit(slot.get().knex, tenantOf(ctx), {
        ...filterOf(q),
        limit: q.limit,
        cursor: q.cursor ? decode(q.cursor) : undefined,
      });
      return { entries: rows.map(toEntry), nextCursor: rows.length === q.limit ? encode(rows.at(-1)!) : null };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/audit-log/export.csv',
    auth: 'admin',
    summary: 'The audit log as CSV (same filters, newest first); the export is itself audited',
    tags: ['security'],
    produces: 'text/csv',
    schema: {
      query: { type: 'object', additionalProperties: false, properties: FILTERS },
      response: { 400: ERROR, 401: ERROR, 403: ERROR },
    },
    handler: async (ctx) => {
      const filter = filterOf(ctx.state.query as AuditFilter);
      const tenantId = tenantOf(ctx);
      const { knex, audit } = slot.get();
      await audit.record({ ...actorOf(ctx), action: 'audit_log.exported', targetType: 'audit_log', after: { filter } });
      async function* lines() {
        yield `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
        let cursor: { at: string; id: string } | undefined;
        for (;;) {
          const rows = await listAudit(knex, tenantId, { ...filter, limit: EXPORT_PAGE, cursor });
          for (const r of rows) yield auditCsvLine(r);
          if (rows.length < EXPORT_PAGE) return;
          const last = rows.at(-1)!;
          cursor = { at: new Date(last.created_at).toISOString(), id: last.id };
        }
      }
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', 'attachment; filename="audit-log.csv"');
      ctx.body = Readable.from(lines());
    },
  });
}
